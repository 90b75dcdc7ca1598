import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';
import { Block, EventStats, FeedInfo, Page, PulseEvent, SimulatorState, StartSimulatorRequest } from '@pulseboard/shared/contracts';

/** HTTP client of `/api/events`, its simulator (`/api/simulator`) and feeds (`/api/feeds`): reads and writes. */
@Injectable({ providedIn: 'root' })
export class EventsApi {
  private readonly http = inject(HttpClient);

  list(params: HttpParams | Record<string, string | number> = {}): Observable<Page<PulseEvent>> {
    return this.http.get<Page<PulseEvent>>('/api/events', { params });
  }

  get(id: string): Observable<PulseEvent> {
    return this.http.get<PulseEvent>(url(id));
  }

  stats(): Observable<EventStats> {
    return this.http.get<EventStats>('/api/events/stats');
  }

  /** With `expectedVersion`, the API refuses (409) when someone changed the event since it was read. */
  complete(id: string, expectedVersion?: number): Observable<PulseEvent> {
    return this.http.post<PulseEvent>(`${url(id)}/complete`, expectedVersion ? { expectedVersion } : {});
  }

  reopen(id: string): Observable<PulseEvent> {
    return this.http.post<PulseEvent>(`${url(id)}/reopen`, {});
  }

  simulator(): Observable<SimulatorState> {
    return this.http.get<SimulatorState>('/api/simulator');
  }

  startSimulator(body: StartSimulatorRequest): Observable<SimulatorState> {
    return this.http.post<SimulatorState>('/api/simulator/start', body);
  }

  stopSimulator(): Observable<SimulatorState> {
    return this.http.post<SimulatorState>('/api/simulator/stop', {});
  }

  feeds(): Observable<FeedInfo[]> {
    return this.http.get<FeedInfo[]>('/api/feeds');
  }

  recentBlocks(limit: number): Observable<Block[]> {
    return this.http.get<Block[]>('/api/feeds/blocks/recent', { params: { limit } });
  }
}

const url = (id: string) => `/api/events/${encodeURIComponent(id)}`;
