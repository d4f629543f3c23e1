import type { CliCommandEntry } from './command';

/**
 * Every CLI command, in the order `lungts help` lists them. A command's module (and with it
 * onnxruntime, sqlite, the codecs...) is imported only when that command runs, so `lungts help`
 * and light commands start without loading the heavy ones. One line per command keeps additions
 * conflict-free; the summary lives here only.
 */
export const COMMANDS: readonly CliCommandEntry[] = [
  { name: 'version', summary: 'print the program version and runtime', load: async () => (await import('./commands/version')).versionCommand },
  { name: 'import-weights', summary: 'convert PyTorch MONAI UNet weights (.pth) into a LungTS model (.onnx with model card)', load: async () => (await import('./commands/import-weights')).importWeightsCommand },
  { name: 'info', summary: 'list the DICOM series (or the NIfTI volume) at a path: dims, spacing, direction, modality, HU range, warnings', load: async () => (await import('./commands/info')).infoCommand },
  { name: 'convert', summary: 'convert a DICOM CT series (folder or file) to NIfTI on its own grid, values in HU', load: async () => (await import('./commands/convert')).convertCommand },
  { name: 'boxes', summary: 'read tumour boxes (Lung-PET-CT-Dx VOC XML folder or boxes.json) onto a CT and write boxes.json on its LPS grid', load: async () => (await import('./commands/boxes')).boxesCommand },
  { name: 'export-seg', summary: 'write a mask (NIfTI on the CT grid) as a DICOM SEG that references the CT series', load: async () => (await import('./commands/export-seg')).exportSegCommand },
  { name: 'import-gt', summary: 'import a ground-truth mask from DICOM SEG or RTSTRUCT onto its CT, as NIfTI on the CT grid', load: async () => (await import('./commands/import-gt')).importGtCommand },
  { name: 'phantom', summary: 'generate a synthetic thorax CT with tumours, their exact masks, lung labels and boxes (NIfTI and/or DICOM + VOC XML)', load: async () => (await import('./commands/phantom')).phantomCommand },
  { name: 'phantom-set', summary: 'generate a phantom dataset (strong, weak and test cases, patients never split across roles) with a manifest', load: async () => (await import('./commands/phantom-set')).phantomSetCommand },
  { name: 'snapshot', summary: 'write a PNG of a CT slice (axial, coronal, sagittal or all three) with a window and an optional mask overlay', load: async () => (await import('./commands/snapshot')).snapshotCommand },
  { name: 'lungmask', summary: 'segment the lungs without a neural network: 1 = right lung, 2 = left lung, on the CT grid', load: async () => (await import('./commands/lungmask')).lungmaskCommand },
  { name: 'preprocess', summary: 'write the crops a network sees (student: one per lung; teacher: 128^3 per tumour), normalised, 1 x 1 x 1.5 mm', load: async () => (await import('./commands/preprocess')).preprocessCommand },
  { name: 'segment', summary: 'segment lung tumours fully automatically with the student (default: the shipped model); mask on the CT\'s own grid', load: async () => (await import('./commands/segment')).segmentCommand },
  { name: 'teacher', summary: 'box-guided tumour mask: the teacher turns axial boxes (boxes.json or a VOC XML folder) into a voxel mask on the CT\'s grid', load: async () => (await import('./commands/teacher')).teacherCommand },
  { name: 'evaluate', summary: 'score a predicted mask against a ground truth: Dice, object-wise precision/recall/F1 (found at >= 25% overlap), DSC-TP', load: async () => (await import('./commands/evaluate')).evaluateCommand },
  { name: 'evaluate-set', summary: 'score a student (or the teacher, given each case\'s boxes) over a dataset\'s test cases (or weak / strong ones); per case and summarised', load: async () => (await import('./commands/evaluate-set')).evaluateSetCommand },
  { name: 'train', summary: 'train the teacher (strong cases) or a student (baseline: strong only; so/do: strong + pseudo-labelled weak) in a run directory; resumes after a kill', load: async () => (await import('./commands/train')).trainCommand },
  { name: 'average-weights', summary: 'average the weights of several models of one network (epochs a run kept) into one model or checkpoint', load: async () => (await import('./commands/average-weights')).averageWeightsCommand },
  { name: 'pseudo-label', summary: 'the teacher annotates every weak case of a dataset from its boxes (RUN_DIR/pseudo/<id>.nii.gz with a per-case confidence)', load: async () => (await import('./commands/pseudo-label')).pseudoLabelCommand },
  { name: 'pipeline', summary: 'Algorithm 1 end to end: teacher, pseudo-labels, baseline/SO/DO students, test scores, report (resumable)', load: async () => (await import('./commands/pipeline')).pipelineCommand },
];
