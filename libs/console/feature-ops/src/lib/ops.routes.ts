import { Routes } from '@angular/router';
import { AuditPage } from './audit/audit.page';
import { ClusterPage } from './cluster/cluster.page';
import { QueuesPage } from './queues/queues.page';
import { UsersPage } from './users/users.page';

// The shell guards these by role (queues: operator; audit, users and cluster: admin), as the API does.
export const QUEUES_ROUTES: Routes = [{ path: '', component: QueuesPage }];
export const AUDIT_ROUTES: Routes = [{ path: '', component: AuditPage }];
export const USERS_ROUTES: Routes = [{ path: '', component: UsersPage }];
export const CLUSTER_ROUTES: Routes = [{ path: '', component: ClusterPage }];
