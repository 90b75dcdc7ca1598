import { HttpClient, HttpParams, HttpResponse } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';
import { CreateJobRequest, Job, JobDetail, JobStats, JobTypeInfo, Page } from '@pulseboard/shared/contracts';

/** HTTP client of `/api/jobs`: reads, writes and the authenticated download of an export. */
@Injectable({ providedIn: 'root' })
export class JobsApi {
  private readonly http = inject(HttpClient);

  list(params: HttpParams | Record<string, string | number> = {}): Observable<Page<Job>> {
    return this.http.get<Page<Job>>('/api/jobs', { params });
  }

  /** The job with every attempt and its last log lines. */
  get(id: string): Observable<JobDetail> {
    return this.http.get<JobDetail>(url(id));
  }

  stats(): Observable<JobStats> {
    return this.http.get<JobStats>('/api/jobs/stats');
  }

  types(): Observable<JobTypeInfo[]> {
    return this.http.get<JobTypeInfo[]>('/api/jobs/types');
  }

  create(body: CreateJobRequest): Observable<Job> {
    return this.http.post<Job>('/api/jobs', body);
  }

  act(id: string, action: 'retry' | 'cancel'): Observable<Job> {
    return this.http.post<Job>(`${url(id)}/${action}`, {});
  }

  /** A result file (e.g. an events export's `downloadUrl`), fetched with the token a plain link would not carry. */
  download(fileUrl: string): Observable<HttpResponse<Blob>> {
    return this.http.get(fileUrl, { responseType: 'blob', observe: 'response' });
  }
}

const url = (id: string) => `/api/jobs/${encodeURIComponent(id)}`;
