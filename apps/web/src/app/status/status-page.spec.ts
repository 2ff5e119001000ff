import { TestBed } from '@angular/core/testing';
import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { StatusPage } from './status-page';

describe('StatusPage', () => {
  it('renders', async () => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    const fixture = TestBed.createComponent(StatusPage);
    fixture.detectChanges();
    const http = TestBed.inject(HttpTestingController);
    http.match(() => true).forEach((r) => r.flush({ status: 'ok' }));
    await fixture.whenStable();
    expect(fixture.nativeElement.textContent.length).toBeGreaterThan(0);
  });
});
