import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';
import { EventStats, Page, PulseEvent } from '@pulseboard/shared/contracts';

/** HTTP client of `/api/events`. */
@Injectable({ providedIn: 'root' })
export class EventsApi {
  private readonly http = inject(HttpClient);

  list(params: HttpParams | Record<string, string | number> = {}): Observable<Page<PulseEvent>> {
    return this.http.get<Page<PulseEvent>>('/api/events', { params });
  }

  get(id: string): Observable<PulseEvent> {
    return this.http.get<PulseEvent>(`/api/events/${encodeURIComponent(id)}`);
  }

  stats(): Observable<EventStats> {
    return this.http.get<EventStats>('/api/events/stats');
  }
}
