import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';
import { Counter, CounterAction, CreateCounterRequest, Page } from '@pulseboard/shared/contracts';

/** HTTP client of `/api/counters`: reads and writes. */
@Injectable({ providedIn: 'root' })
export class CountersApi {
  private readonly http = inject(HttpClient);

  list(params: HttpParams | Record<string, string | number> = {}): Observable<Page<Counter>> {
    return this.http.get<Page<Counter>>('/api/counters', { params });
  }

  get(id: string): Observable<Counter> {
    return this.http.get<Counter>(url(id));
  }

  create(body: CreateCounterRequest): Observable<Counter> {
    return this.http.post<Counter>('/api/counters', body);
  }

  /** `increment` / `decrement` take an amount; the lifecycle actions take none. */
  act(id: string, action: CounterAction, amount?: number): Observable<Counter> {
    return this.http.post<Counter>(`${url(id)}/${action}`, amount === undefined ? {} : { amount });
  }

  remove(id: string): Observable<void> {
    return this.http.delete<void>(url(id));
  }
}

const url = (id: string) => `/api/counters/${encodeURIComponent(id)}`;
