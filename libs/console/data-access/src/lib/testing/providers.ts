// For specs only: what a page's spec provides besides its own routes and stand-ins.
import { provideHttpClient } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import type { EnvironmentProviders, Provider } from '@angular/core';
import type { Role } from '@pulseboard/shared/contracts';
import { AuthService } from '../auth/auth.service';
import { SocketService } from '../realtime/socket.service';
import { FakeSocket } from './fake-socket';
import { fakeAuth } from './fixtures';

/** HttpClient answered by HttpTestingController, `socket` as the SocketService, and a user signed in with `role`. */
export function providePageTesting(socket: FakeSocket, role: Role = 'operator'): (Provider | EnvironmentProviders)[] {
  return [
    provideHttpClient(),
    provideHttpClientTesting(),
    { provide: SocketService, useValue: socket },
    { provide: AuthService, useValue: fakeAuth(role) },
  ];
}
