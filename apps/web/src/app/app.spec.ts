import { provideHttpClient } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { App } from './app';

describe('App', () => {
  it('the skip link moves the focus into the main region without navigating', async () => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])],
    });
    const fixture = TestBed.createComponent(App);
    fixture.detectChanges();
    await fixture.whenStable();
    document.body.append(fixture.nativeElement as HTMLElement);
    const router = TestBed.inject(Router);
    const urlBefore = router.url;
    const link = (fixture.nativeElement as HTMLElement).querySelector('.skip-link') as HTMLAnchorElement;
    const click = new MouseEvent('click', { bubbles: true, cancelable: true });
    link.dispatchEvent(click);
    expect(click.defaultPrevented).toBe(true);
    expect(document.activeElement?.id).toBe('main');
    expect(router.url).toBe(urlBefore);
    (fixture.nativeElement as HTMLElement).remove();
  });
});
