import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';
import { Counter, CounterAction, CreateCounterRequest } from '@pulseboard/shared/contracts';

/** The counter mutations of `/api/counters` (reads are in data-access's CountersApi). */
@Injectable({ providedIn: 'root' })
export class CounterActionsApi {
  private readonly http = inject(HttpClient);

  create(body: CreateCounterRequest): Observable<Counter> {
    return this.http.post<Counter>('/api/counters', body);
  }

  /** `increment` / `decrement` take an amount; the lifecycle actions take none. */
  act(id: string, action: CounterAction, amount?: number): Observable<Counter> {
    const body = amount === undefined ? {} : { amount };
    return this.http.post<Counter>(`/api/counters/${encodeURIComponent(id)}/${action}`, body);
  }

  remove(id: string): Observable<void> {
    return this.http.delete<void>(`/api/counters/${encodeURIComponent(id)}`);
  }
}
