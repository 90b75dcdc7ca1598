import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';
import { CleanQueueRequest, CleanQueueResponse, QueueInfo, RetryFailedResponse } from '@pulseboard/shared/contracts';

/** HTTP client of `/api/queues` and `POST /api/jobs/retry-failed`. */
@Injectable({ providedIn: 'root' })
export class QueuesApi {
  private readonly http = inject(HttpClient);

  list(): Observable<QueueInfo[]> {
    return this.http.get<QueueInfo[]>('/api/queues');
  }

  pause(name: string): Observable<void> {
    return this.http.post<void>(`/api/queues/${encodeURIComponent(name)}/pause`, null);
  }

  resume(name: string): Observable<void> {
    return this.http.post<void>(`/api/queues/${encodeURIComponent(name)}/resume`, null);
  }

  clean(name: string, body: CleanQueueRequest): Observable<CleanQueueResponse> {
    return this.http.post<CleanQueueResponse>(`/api/queues/${encodeURIComponent(name)}/clean`, body);
  }

  /** Every failed job (of `type`) back to pending. */
  retryFailed(type?: string): Observable<RetryFailedResponse> {
    return this.http.post<RetryFailedResponse>('/api/jobs/retry-failed', type ? { type } : {});
  }
}
