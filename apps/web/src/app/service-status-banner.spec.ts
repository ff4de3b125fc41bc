import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { App } from './app';
import { ServiceStatus } from '@parley/web/shared/data-access';

describe('the "Service unavailable, retrying…" banner', () => {
  it('shows while a request is being retried after UNAVAILABLE, as a polite status', () => {
    TestBed.configureTestingModule({ imports: [App], providers: [provideRouter([])] });
    const fixture = TestBed.createComponent(App);
    fixture.detectChanges();
    const el = fixture.nativeElement as HTMLElement;
    expect(el.querySelector('[data-testid="service-unavailable"]')).toBeNull();
    const status = TestBed.inject(ServiceStatus);
    const done = status.retry();
    const other = status.retry();
    fixture.detectChanges();
    const banner = el.querySelector('[data-testid="service-unavailable"]');
    expect(banner?.textContent).toContain('Service unavailable, retrying');
    expect(banner?.getAttribute('role')).toBe('status');
    done();
    done(); // once only
    fixture.detectChanges();
    expect(el.querySelector('[data-testid="service-unavailable"]')).not.toBeNull();
    other();
    fixture.detectChanges();
    expect(el.querySelector('[data-testid="service-unavailable"]')).toBeNull();
  });
});
