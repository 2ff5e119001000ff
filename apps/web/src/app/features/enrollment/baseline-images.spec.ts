import { TestBed } from '@angular/core/testing';
import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { BaselineImages } from './baseline-images';
import { el } from '../../../testing';

const URL = '/api/v1/trials/MM-RAD-01/enrollments/S-1/baseline-image';
const GRID = {
  dims: [48, 48, 24],
  spacingMm: [2, 2, 4],
  origin: [0, 0, 0],
  direction: [-1, 0, 0, 0, -1, 0, 0, 0, 1],
};
const STORED = (sha: string, format: 'dicom-series' | 'nifti', fileCount: number) => ({
  sha256: sha.repeat(64),
  format,
  fileCount,
  byteSize: 2048,
  grid: GRID,
  header: null,
});
const IMAGE_V1 = {
  id: 'i-1',
  subjectId: 'S-1',
  version: 1,
  image: STORED('a', 'dicom-series', 2),
  mask: STORED('b', 'nifti', 1),
  studyCheck: {
    result: 'matches',
    linkedStudyInstanceUid: '2.25.1',
    seriesStudyInstanceUid: '2.25.1',
    seriesInstanceUid: '2.25.9',
  },
  acquisitionDeviations: [
    {
      attribute: 'sliceThicknessMm',
      dicomTag: '(0018,0050)',
      expected: '≤ 5',
      found: 6,
      message: 'Slice thickness 6 mm exceeds the protocol’s 5 mm.',
    },
  ],
  reason: null,
  recordedAt: '2026-11-20T10:00:00Z',
  recordedBy: 'u',
};

function choose(root: HTMLElement, id: string, files: File[]): void {
  const input = el<HTMLInputElement>(root, `#${id}`);
  Object.defineProperty(input, 'files', { value: files, configurable: true });
  input.dispatchEvent(new Event('change'));
}

describe('BaselineImages', () => {
  let http: HttpTestingController;

  function create(images: unknown[], canUpload = true) {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(BaselineImages);
    fixture.componentRef.setInput('trialCode', 'MM-RAD-01');
    fixture.componentRef.setInput('subjectId', 'S-1');
    fixture.componentRef.setInput('images', images);
    fixture.componentRef.setInput('canUpload', canUpload);
    fixture.detectChanges();
    return fixture;
  }

  it('uploads the DICOM files and the mask as multipart and shows the decoded grid and checks', async () => {
    const fixture = create([]);
    const root = fixture.nativeElement as HTMLElement;
    choose(root, 'upload-image', [new File(['x'], '1.dcm'), new File(['y'], '2.dcm')]);
    choose(root, 'upload-mask', [new File(['m'], 'mask.nii.gz')]);
    await fixture.whenStable();
    expect(root.textContent).toContain('2 files');
    const submit = el<HTMLButtonElement>(root, 'button[type="submit"]');
    expect(submit.disabled).toBe(false);
    el(root, 'form').dispatchEvent(new Event('submit'));
    const request = http.expectOne(URL);
    expect(request.request.method).toBe('POST');
    const body = request.request.body as FormData;
    expect((body.getAll('image') as File[]).map((file) => file.name)).toEqual(['1.dcm', '2.dcm']);
    expect((body.get('mask') as File).name).toBe('mask.nii.gz');
    expect(body.has('reason')).toBe(false);
    request.flush(IMAGE_V1);
    await fixture.whenStable();
    expect(root.querySelector('[role="status"]')?.textContent).toContain(
      'Baseline image version 1 stored: 48 × 48 × 24 voxels, series check matches, 1 acquisition deviation',
    );
  });

  it('asks why when replacing, and refuses mixed DICOM and NIfTI before sending', async () => {
    const fixture = create([IMAGE_V1]);
    const root = fixture.nativeElement as HTMLElement;
    const text = root.textContent ?? '';
    expect(text).toContain('DICOM series, 2 files');
    expect(text).toContain('48 × 48 × 24 voxels of 2 × 2 × 4 mm');
    expect(text).toContain('Matches');
    expect(text).toContain('Slice thickness 6 mm exceeds');
    choose(root, 'upload-image', [new File(['x'], '1.dcm'), new File(['y'], 'image.nii')]);
    choose(root, 'upload-mask', [new File(['m'], 'mask.nii')]);
    await fixture.whenStable();
    expect(root.querySelector('[role="alert"]')?.textContent).toContain('either DICOM files or one NIfTI');
    choose(root, 'upload-image', [new File(['y'], 'image.nii')]);
    await fixture.whenStable();
    expect(root.querySelector('[role="alert"]')?.textContent).toContain('Say why');
    const reason = el<HTMLTextAreaElement>(root, '#upload-reason');
    reason.value = 'Wrong series uploaded';
    reason.dispatchEvent(new Event('input'));
    await fixture.whenStable();
    el(root, 'form').dispatchEvent(new Event('submit'));
    const request = http.expectOne(URL);
    expect((request.request.body as FormData).get('reason')).toBe('Wrong series uploaded');
    request.flush(
      {
        detail: 'The mask is not on the image grid',
        title: 'Unprocessable',
        errors: [{ field: 'mask', reason: 'dims 48×48×20 differ' }],
      },
      { status: 422, statusText: 'Unprocessable Entity' },
    );
    await fixture.whenStable();
    expect(root.textContent).toContain('dims 48×48×20 differ');
  });

  it('offers no upload to readers', () => {
    const fixture = create([IMAGE_V1], false);
    expect((fixture.nativeElement as HTMLElement).querySelector('#upload-image')).toBeNull();
  });
});
