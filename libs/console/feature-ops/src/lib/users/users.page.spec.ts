import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MatDialogHarness } from '@angular/material/dialog/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { MatSelectHarness } from '@angular/material/select/testing';
import { MatSnackBarHarness } from '@angular/material/snack-bar/testing';
import { MatTableHarness } from '@angular/material/table/testing';
import { AuthService, ManagedUser } from '@pulseboard/console/data-access';
import { provideConsoleIcons } from '@pulseboard/console/ui';
import { passwordProblem } from './user.dialog';
import { UsersPage } from './users.page';

const USERS: ManagedUser[] = [
  { id: 'u-admin', username: 'admin', role: 'admin', disabled: false, createdAt: '2026-01-01T09:00:00.000Z' },
  { id: 'u-ada', username: 'ada', role: 'viewer', disabled: false, createdAt: '2026-01-02T09:00:00.000Z' },
];

async function open() {
  TestBed.configureTestingModule({
    providers: [
      provideHttpClient(),
      provideHttpClientTesting(),
      provideConsoleIcons(),
      { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
      { provide: AuthService, useValue: { user: signal({ id: 'u-admin', username: 'admin', role: 'admin' }) } },
    ],
  });
  const fixture = TestBed.createComponent(UsersPage);
  const http = TestBed.inject(HttpTestingController);
  http.expectOne('/api/users?pageSize=100').flush(USERS);
  await fixture.whenStable();
  const loader = TestbedHarnessEnvironment.loader(fixture);
  const root = TestbedHarnessEnvironment.documentRootLoader(fixture);
  const cells = async () => (await loader.getHarness(MatTableHarness)).getCellTextByColumnName();
  const snack = async () => (await root.getHarness(MatSnackBarHarness)).getMessage();
  return { fixture, http, loader, root, cells, snack };
}

describe('UsersPage', () => {
  afterEach(() => TestBed.inject(HttpTestingController).verify());

  it('lists the users with role and state, and keeps the admin from demoting or disabling themself', async () => {
    const { cells, loader } = await open();
    const c = await cells();
    expect(c['username'].text).toEqual(['admin (you)', 'ada']);
    expect(c['state'].text).toEqual(['Active', 'Active']);
    const [mine, ada] = await loader.getAllHarnesses(MatSelectHarness);
    expect(await mine.isDisabled()).toBe(true);
    expect(await ada.getValueText()).toBe('viewer');
    const disable = await loader.getAllHarnesses(MatButtonHarness.with({ text: 'Disable' }));
    expect(await Promise.all(disable.map((b) => b.isDisabled()))).toEqual([true, false]);
  });

  it('accepts a page from servers that answer GET /api/users with Page<User>', async () => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideConsoleIcons(),
        { provide: AuthService, useValue: { user: signal(null) } },
      ],
    });
    const fixture = TestBed.createComponent(UsersPage);
    TestBed.inject(HttpTestingController)
      .expectOne('/api/users?pageSize=100')
      .flush({ items: USERS, total: 2, page: 1, pageSize: 100, nextCursor: null });
    await fixture.whenStable();
    expect(
      (await (await TestbedHarnessEnvironment.loader(fixture).getHarness(MatTableHarness)).getCellTextByColumnName())['username'].text,
    ).toEqual(['admin', 'ada']);
  });

  it('changes a role with PATCH and shows the answer', async () => {
    const { http, loader, cells, snack, fixture } = await open();
    const ada = (await loader.getAllHarnesses(MatSelectHarness))[1];
    await ada.clickOptions({ text: 'operator' });
    const req = http.expectOne({ method: 'PATCH', url: '/api/users/u-ada' });
    expect(req.request.body).toEqual({ role: 'operator' });
    req.flush({ ...USERS[1], role: 'operator' });
    await fixture.whenStable();
    expect(await snack()).toBe('ada is now operator');
    expect(await (await loader.getAllHarnesses(MatSelectHarness))[1].getValueText()).toBe('operator');
    expect((await cells())['state'].text[1]).toBe('Active');
  });

  it('disables and enables a user', async () => {
    const { http, loader, cells, fixture } = await open();
    await (await loader.getHarness(MatButtonHarness.with({ text: 'Disable', ancestor: 'tr[data-row-label="ada"]' }))).click();
    const req = http.expectOne({ method: 'PATCH', url: '/api/users/u-ada' });
    expect(req.request.body).toEqual({ disabled: true });
    req.flush({ ...USERS[1], disabled: true });
    await fixture.whenStable();
    expect((await cells())['state'].text[1]).toBe('Disabled');
    await (await loader.getHarness(MatButtonHarness.with({ text: 'Enable', ancestor: 'tr[data-row-label="ada"]' }))).click();
    const back = http.expectOne({ method: 'PATCH', url: '/api/users/u-ada' });
    expect(back.request.body).toEqual({ disabled: false });
    back.flush({ ...USERS[1], disabled: false });
    await fixture.whenStable();
    expect((await cells())['state'].text[1]).toBe('Active');
  });

  it('creates a user from the dialog and adds the row', async () => {
    const { http, loader, root, cells, snack, fixture } = await open();
    await (await loader.getHarness(MatButtonHarness.with({ text: 'New user' }))).click();
    const dialog = await root.getHarness(MatDialogHarness);
    await (await dialog.getHarness(MatInputHarness.with({ selector: '[name=username]' }))).setValue('grace');
    await (await dialog.getHarness(MatSelectHarness)).clickOptions({ text: 'operator' });
    const password = await dialog.getHarness(MatInputHarness.with({ selector: '[name=password]' }));
    await password.setValue('short');
    const submit = await dialog.getHarness(MatButtonHarness.with({ text: 'Create' }));
    expect(await submit.isDisabled()).toBe(true);
    await password.setValue('long-enough-password');
    await submit.click();
    const req = http.expectOne({ method: 'POST', url: '/api/users' });
    expect(req.request.body).toEqual({ username: 'grace', password: 'long-enough-password', role: 'operator' });
    req.flush({ id: 'u-grace', username: 'grace', role: 'operator', disabled: false, createdAt: '2026-01-03T09:00:00.000Z' });
    await fixture.whenStable();
    expect((await cells())['username'].text).toEqual(['admin (you)', 'ada', 'grace']);
    expect(await snack()).toBe('Created grace (operator)');
  });

  it('shows a refused create in the dialog (409) and keeps it open', async () => {
    const { http, loader, root, fixture } = await open();
    await (await loader.getHarness(MatButtonHarness.with({ text: 'New user' }))).click();
    const dialog = await root.getHarness(MatDialogHarness);
    await (await dialog.getHarness(MatInputHarness.with({ selector: '[name=username]' }))).setValue('ADA');
    await (await dialog.getHarness(MatInputHarness.with({ selector: '[name=password]' }))).setValue('long-enough-password');
    await (await dialog.getHarness(MatButtonHarness.with({ text: 'Create' }))).click();
    http
      .expectOne('/api/users')
      .flush({ statusCode: 409, message: "A user named 'ADA' already exists", error: 'Conflict' }, { status: 409, statusText: 'Conflict' });
    await fixture.whenStable();
    expect(await (await root.getHarness(MatDialogHarness)).getContentText()).toContain("A user named 'ADA' already exists.");
  });

  it('resets a password with PATCH { password }', async () => {
    const { http, loader, root, snack, fixture } = await open();
    await (await loader.getHarness(MatButtonHarness.with({ text: 'Reset password', ancestor: 'tr[data-row-label="ada"]' }))).click();
    const dialog = await root.getHarness(MatDialogHarness);
    expect(await dialog.getTitleText()).toBe('Reset password of ada');
    await (await dialog.getHarness(MatInputHarness.with({ selector: '[name=password]' }))).setValue('a-new-password');
    await (await dialog.getHarness(MatButtonHarness.with({ text: 'Set password' }))).click();
    const req = http.expectOne({ method: 'PATCH', url: '/api/users/u-ada' });
    expect(req.request.body).toEqual({ password: 'a-new-password' });
    req.flush(USERS[1]);
    await fixture.whenStable();
    expect(await snack()).toBe('New password set for ada');
  });

  it('says so when the server lacks the endpoint, and shows the stored state again', async () => {
    const { http, loader, snack, fixture } = await open();
    await (await loader.getAllHarnesses(MatSelectHarness))[1].clickOptions({ text: 'admin' });
    http
      .expectOne('/api/users/u-ada')
      .flush({ statusCode: 404, message: 'Cannot PATCH /api/users/u-ada', error: 'Not Found' }, { status: 404, statusText: 'Not Found' });
    http.expectOne('/api/users?pageSize=100').flush(USERS);
    await fixture.whenStable();
    expect(await snack()).toBe('Not available on this server (PATCH /api/users/u-ada answered 404).');
    expect(await (await loader.getAllHarnesses(MatSelectHarness))[1].getValueText()).toBe('viewer');
  });
});

describe('passwordProblem', () => {
  it('takes 8..72 bytes', () => {
    expect(passwordProblem('1234567')).toBe('At least 8 characters');
    expect(passwordProblem('12345678')).toBeNull();
    expect(passwordProblem('é'.repeat(36))).toBeNull();
    expect(passwordProblem('é'.repeat(37))).toBe('At most 72 bytes');
  });
});
