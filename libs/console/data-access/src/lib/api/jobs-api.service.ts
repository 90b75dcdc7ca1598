import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';
import { Job, JobStats, Page } from '@pulseboard/shared/contracts';

/** HTTP client of `/api/jobs`. */
@Injectable({ providedIn: 'root' })
export class JobsApi {
  private readonly http = inject(HttpClient);

  list(params: HttpParams | Record<string, string | number> = {}): Observable<Page<Job>> {
    return this.http.get<Page<Job>>('/api/jobs', { params });
  }

  get(id: string): Observable<Job> {
    return this.http.get<Job>(`/api/jobs/${encodeURIComponent(id)}`);
  }

  stats(): Observable<JobStats> {
    return this.http.get<JobStats>('/api/jobs/stats');
  }
}
