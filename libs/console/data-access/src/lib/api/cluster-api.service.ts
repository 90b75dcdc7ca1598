import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';
import type { ClusterView } from '@pulseboard/shared/contracts';

/** HTTP client of `GET /api/cluster` (admin). */
@Injectable({ providedIn: 'root' })
export class ClusterApi {
  private readonly http = inject(HttpClient);

  view(): Observable<ClusterView> {
    return this.http.get<ClusterView>('/api/cluster');
  }
}
