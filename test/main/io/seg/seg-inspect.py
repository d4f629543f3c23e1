# Independent reader for the SEG writer tests: Debian's pydicom decodes the file and reports
# what other DICOM tools would see, as one JSON object on stdout.
import hashlib, json, sys
import pydicom

d = pydicom.dcmread(sys.argv[1])
pixels = d.pixel_array.reshape(int(d.NumberOfFrames), int(d.Rows), int(d.Columns))
frames = []
for n, f in enumerate(d.PerFrameFunctionalGroupsSequence):
    src = f.DerivationImageSequence[0].SourceImageSequence[0]
    bits = (pixels[n] != 0).astype('uint8')
    frames.append({
        'segment': int(f.SegmentIdentificationSequence[0].ReferencedSegmentNumber),
        'source': str(src.ReferencedSOPInstanceUID),
        'position': [float(v) for v in f.PlanePositionSequence[0].ImagePositionPatient],
        'count': int(bits.sum()),
        'sha1': hashlib.sha1(bits.tobytes()).hexdigest(),
    })
shared = d.SharedFunctionalGroupsSequence[0]
print(json.dumps({
    'sopClass': str(d.SOPClassUID),
    'modality': str(d.Modality),
    'type': str(d.SegmentationType),
    'studyUid': str(d.StudyInstanceUID),
    'patientId': str(d.PatientID),
    'frameOfReference': str(d.FrameOfReferenceUID),
    'referencedSeries': [str(s.SeriesInstanceUID) for s in d.ReferencedSeriesSequence],
    'referencedInstances': len(d.ReferencedSeriesSequence[0].ReferencedInstanceSequence),
    'orientation': [float(v) for v in shared.PlaneOrientationSequence[0].ImageOrientationPatient],
    'pixelSpacing': [float(v) for v in shared.PixelMeasuresSequence[0].PixelSpacing],
    'segments': [[int(s.SegmentNumber), str(s.SegmentLabel)] for s in d.SegmentSequence],
    'frames': frames,
}))
