import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatFormFieldHarness } from '@angular/material/form-field/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { Router, provideRouter } from '@angular/router';
import { AuthService } from '@pulseboard/console/data-access';
import { provideConsoleIcons } from '@pulseboard/console/ui';
import { LoginPage } from './login.page';

async function setup(returnUrl?: string) {
  localStorage.clear();
  TestBed.configureTestingModule({
    providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([]), provideConsoleIcons()],
  });
  const navigateByUrl = jest.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
  const fixture = TestBed.createComponent(LoginPage);
  if (returnUrl !== undefined) fixture.componentRef.setInput('returnUrl', returnUrl);
  await fixture.whenStable();
  const loader = TestbedHarnessEnvironment.loader(fixture);
  return {
    fixture,
    navigateByUrl,
    http: TestBed.inject(HttpTestingController),
    auth: TestBed.inject(AuthService),
    username: await loader.getHarness(MatInputHarness.with({ selector: '[formControlName=username]' })),
    password: await loader.getHarness(MatInputHarness.with({ selector: '[formControlName=password]' })),
    submit: await loader.getHarness(MatButtonHarness.with({ selector: '[type=submit]' })),
    loader,
    text: () => (fixture.nativeElement as HTMLElement).textContent ?? '',
  };
}

const loginResponse = { accessToken: 't', expiresIn: 3600, user: { id: '1', username: 'admin', role: 'admin' } };

describe('LoginPage', () => {
  afterEach(() => TestBed.inject(HttpTestingController).verify());

  it('asks for the missing fields instead of calling the API', async () => {
    const { submit, http, loader, text } = await setup();
    await submit.click();
    http.expectNone('/api/auth/login');
    const fields = await loader.getAllHarnesses(MatFormFieldHarness);
    expect(await Promise.all(fields.map((f) => f.isControlValid()))).toEqual([false, false]);
    expect(text()).toContain('Enter your username');
    expect(text()).toContain('Enter your password');
  });

  it('signs in, shows a spinner meanwhile, and goes to the return URL', async () => {
    const { username, password, submit, http, navigateByUrl, fixture, auth } = await setup('/jobs?status=failed');
    await username.setValue('admin');
    await password.setValue('secret');
    await submit.click();

    const req = http.expectOne('/api/auth/login');
    expect(req.request.body).toEqual({ username: 'admin', password: 'secret' });
    expect(await submit.isDisabled()).toBe(true);
    expect(fixture.nativeElement.querySelector('mat-progress-spinner')).not.toBeNull();

    req.flush(loginResponse);
    await fixture.whenStable();
    expect(auth.isLoggedIn()).toBe(true);
    expect(navigateByUrl).toHaveBeenCalledWith('/jobs?status=failed');
  });

  it('never follows a return URL that leaves the app', async () => {
    const { username, password, submit, http, navigateByUrl } = await setup('https://evil.example/');
    await username.setValue('admin');
    await password.setValue('secret');
    await submit.click();
    http.expectOne('/api/auth/login').flush(loginResponse);
    expect(navigateByUrl).toHaveBeenCalledWith('/');
  });

  it("shows the API's message on a 401, clears the password and lets the user try again", async () => {
    const { username, password, submit, http, navigateByUrl, fixture, text } = await setup();
    await username.setValue('admin');
    await password.setValue('wrong');
    await submit.click();
    http
      .expectOne('/api/auth/login')
      .flush(
        { statusCode: 401, message: 'Invalid username or password', error: 'Unauthorized' },
        { status: 401, statusText: 'Unauthorized' },
      );
    await fixture.whenStable();

    expect(fixture.nativeElement.querySelector('pb-error-banner')?.textContent).toContain('Invalid username or password.');
    expect(await password.getValue()).toBe('');
    expect(await password.isFocused()).toBe(true);
    expect(await username.getValue()).toBe('admin');
    // The banner says what went wrong; the emptied field is not flagged as a validation error.
    expect(text()).not.toContain('Enter your password');
    expect(await submit.isDisabled()).toBe(false);
    expect(text()).toContain('Sign in');
    expect(navigateByUrl).not.toHaveBeenCalled();
  });

  it('explains a bare "Unauthorized" and other failures in words', async () => {
    const { username, password, submit, http, fixture } = await setup();
    await username.setValue('admin');
    await password.setValue('wrong');
    await submit.click();
    http.expectOne('/api/auth/login').flush({ statusCode: 401, message: 'Unauthorized' }, { status: 401, statusText: 'Unauthorized' });
    await fixture.whenStable();
    expect(fixture.nativeElement.querySelector('pb-error-banner')?.textContent).toContain('Wrong username or password.');

    await password.setValue('again');
    await submit.click();
    http.expectOne('/api/auth/login').error(new ProgressEvent('error'), { status: 0 });
    await fixture.whenStable();
    expect(fixture.nativeElement.querySelector('pb-error-banner')?.textContent).toMatch(/cannot reach the server/i);
  });

  it('toggles the password visibility', async () => {
    const { loader, password } = await setup();
    const toggle = await loader.getHarness(MatButtonHarness.with({ selector: '[aria-label="Show password"]' }));
    expect(await password.getType()).toBe('password');
    await toggle.click();
    expect(await password.getType()).toBe('text');
  });
});
