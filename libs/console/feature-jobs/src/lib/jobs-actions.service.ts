import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';
import { CreateJobRequest, Job, JobTypeInfo } from '@pulseboard/shared/contracts';

/** A job type as `GET /api/jobs/types` serves it. */
export type JobTypeView = JobTypeInfo;

/** The job mutations and types of `/api/jobs` (reads are in data-access's JobsApi). */
@Injectable({ providedIn: 'root' })
export class JobActionsApi {
  private readonly http = inject(HttpClient);

  types(): Observable<JobTypeView[]> {
    return this.http.get<JobTypeView[]>('/api/jobs/types');
  }

  create(body: CreateJobRequest): Observable<Job> {
    return this.http.post<Job>('/api/jobs', body);
  }

  act(id: string, action: 'retry' | 'cancel'): Observable<Job> {
    return this.http.post<Job>(`/api/jobs/${encodeURIComponent(id)}/${action}`, {});
  }
}
