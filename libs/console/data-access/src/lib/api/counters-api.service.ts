import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';
import { Counter, Page } from '@pulseboard/shared/contracts';

/** HTTP client of `/api/counters`. */
@Injectable({ providedIn: 'root' })
export class CountersApi {
  private readonly http = inject(HttpClient);

  list(params: HttpParams | Record<string, string | number> = {}): Observable<Page<Counter>> {
    return this.http.get<Page<Counter>>('/api/counters', { params });
  }

  get(id: string): Observable<Counter> {
    return this.http.get<Counter>(`/api/counters/${encodeURIComponent(id)}`);
  }
}
