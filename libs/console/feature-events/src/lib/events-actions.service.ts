import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';
import { Block, FeedInfo, PulseEvent, SimulatorState, StartSimulatorRequest } from '@pulseboard/shared/contracts';

/** The events calls the shared EventsApi does not have (yet): actions, simulator and feeds. */
@Injectable({ providedIn: 'root' })
export class EventActionsApi {
  private readonly http = inject(HttpClient);

  complete(id: string, expectedVersion?: number): Observable<PulseEvent> {
    return this.http.post<PulseEvent>(`/api/events/${encodeURIComponent(id)}/complete`, expectedVersion ? { expectedVersion } : {});
  }

  reopen(id: string): Observable<PulseEvent> {
    return this.http.post<PulseEvent>(`/api/events/${encodeURIComponent(id)}/reopen`, {});
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
