import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { RegisteredModel } from '@prospect/web-data-access/admin';
import { ModelsPage } from './models-page';
import { must, provideHttpTesting, settleAll } from '../../../testing';

const SHA = '362bc039a2118b8f886fd564f564c144b9da1eff45191c1bd23a2de6500eac4d';
const MODEL: RegisteredModel = {
  sha256: SHA,
  name: 'mm-rad-01-demo',
  version: '1.0.0',
  byteSize: 609,
  card: { name: 'mm-rad-01-demo', intendedUse: 'Demonstration only', modelSha256: SHA },
  signature: { inputs: [{ name: 'features' }], outputs: [{ name: 'probability' }] },
  registeredAt: '2027-01-01T00:00:00.000Z',
  registeredBy: 'admin',
};

async function setUp() {
  TestBed.configureTestingModule({
    providers: [...provideHttpTesting()],
  });
  const http = TestBed.inject(HttpTestingController);
  const fixture = TestBed.createComponent(ModelsPage);
  fixture.detectChanges();
  http.expectOne('/api/v1/models').flush([MODEL]);
  await settleAll(fixture);
  return { fixture, http, element: fixture.nativeElement as HTMLElement };
}

function pickFile(input: HTMLInputElement, file: File): void {
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  input.dispatchEvent(new Event('change'));
}

describe('ModelsPage', () => {
  afterEach(() => TestBed.inject(HttpTestingController).verify());

  it('lists registered models with their SHA-256 and card', async () => {
    const { element } = await setUp();
    const hash = must(element.querySelector('.hash'));
    expect(hash.getAttribute('title')).toBe(SHA);
    expect(hash.textContent).toContain(SHA.slice(0, 16));
    expect(element.textContent).toContain('Demonstration only');
    expect(element.textContent).toContain('"probability"');
    expect(element.textContent).toContain('609 B');
  });

  it('registers an ONNX file with its card as multipart, and says when the bytes were already registered', async () => {
    const { fixture, http, element } = await setUp();
    const submit = () =>
      must(element.querySelector<HTMLButtonElement>('app-model-register-form button[type="submit"]'));
    expect(submit().disabled).toBe(true);
    const onnx = new File([new Uint8Array([8, 1, 2])], 'model.onnx');
    pickFile(must(element.querySelector<HTMLInputElement>('#model-file')), onnx);
    const card = must(element.querySelector<HTMLTextAreaElement>('#card-text'));
    card.value = '{ "name": "mm-rad-01-demo", ';
    card.dispatchEvent(new Event('input'));
    await settleAll(fixture);
    expect(element.querySelector('#card-error')?.textContent).toContain('Not JSON');
    expect(submit().disabled).toBe(true);
    card.value = '{ "name": "mm-rad-01-demo", "version": "1.0.0" }';
    card.dispatchEvent(new Event('input'));
    await settleAll(fixture);
    expect(submit().disabled).toBe(false);
    submit().click();
    await settleAll(fixture);
    const post = http.expectOne('/api/v1/models');
    expect(post.request.method).toBe('POST');
    const body = post.request.body as FormData;
    expect(body).toBeInstanceOf(FormData);
    expect((body.get('model') as File).name).toBe('model.onnx');
    expect(body.get('card')).toBe('{ "name": "mm-rad-01-demo", "version": "1.0.0" }');
    post.flush(MODEL, { status: 200, statusText: 'OK' });
    await settleAll(fixture);
    http.expectOne('/api/v1/models').flush([MODEL]);
    await settleAll(fixture);
    expect(element.querySelector('[role="status"]')?.textContent).toContain(
      'Already registered (the same bytes)',
    );
    expect(element.textContent).toContain(SHA);
  });
});
