import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { TrainJobInputSchema } from '../../../shared/api/schemas/job-inputs';
import type { DatasetMember } from '../../../shared/api';
import { subProgress } from '../../../shared/job';
import { fail, ok } from '../../../shared/result';
import { importModel } from '../../app/models';
import { getModel } from '../../db/repos/models';
import { datasetMembers, setMembers } from '../../db/repos/datasets';
import { dataPaths } from '../../db/paths';
import { loadModelFile } from '../../engine/model-file';
import { materialiseDataset } from '../../training/db-dataset';
import { studentStage, teacherStage, type Io } from '../../training/pipeline';
import type { PseudoRecord } from '../../training/pseudo-stage';
import { openRun } from '../../training/run-context';
import { defineJobKind } from '../kind';

/**
 * Trains the teacher (on the dataset's strong cases) or the SO student (strong cases plus the
 * weak ones' teacher masks, from a pseudo-label job) in the job's work folder, with the same
 * pipeline as `lungts train`: a killed or restarted job resumes from its last saved step. The
 * split by patient is written back to the dataset; the model is registered (not activated).
 */
export const trainJobKind = defineJobKind({
  kind: 'train',
  label: 'Train',
  lane: 'compute',
  resumable: true,
  input: TrainJobInputSchema,
  title: (i) => `Train a ${i.role} on dataset ${i.datasetId}`,
  async run(input, progress, signal, ctx) {
    const log = (line: string) => ctx.log('info', line);
    const data = await materialiseDataset(ctx.db, ctx.blobs, input.datasetId, join(ctx.workDir, 'data'), subProgress(progress, 0, 0.1), signal);
    if (!data.ok) return data;
    let initial: Float32Array | undefined;
    if (input.baseModelId !== undefined) {
      const base = getModel(ctx.db, input.baseModelId);
      if (!base) return fail(`base model ${input.baseModelId} does not exist`);
      if (base.role !== input.role) return fail(`base model "${base.name}" is a ${base.role}, not a ${input.role}`);
      const loaded = loadModelFile(base.file);
      if (!loaded.ok) return loaded;
      initial = loaded.value.params;
    }
    const epochs = input.epochs !== undefined ? { teacher: { maxEpochs: input.epochs }, student: { maxEpochs: input.epochs } } : {};
    // The app lists models by name: a trained one never replaces another of the same role by accident.
    const name = input.name ?? `${input.role} trained on dataset ${input.datasetId} (job ${ctx.jobId})`;
    const exportNames = input.role === 'teacher' ? { teacher: name } : { so: name };
    const run = openRun({ manifest: data.value.manifest, out: join(ctx.workDir, 'run'), config: { ...(ctx.compute.threads > 0 ? { threads: ctx.compute.threads } : {}), exportNames, ...epochs } }, log);
    if (!run.ok) return run;
    const bySeries = new Map(data.value.cases.map((c) => [c.id, c.seriesId]));
    const splitOf = (ids: readonly { id: string }[], split: DatasetMember['split']) => ids.map((c) => ({ seriesId: bySeries.get(c.id)!, split }));
    const members = new Map(datasetMembers(ctx.db, input.datasetId).map((m) => [m.seriesId, m]));
    const assigned = [...splitOf(run.value.split.strongTrain, 'train'), ...splitOf(run.value.split.strongVal, 'val'), ...splitOf(run.value.split.test, 'test'), ...splitOf(run.value.split.weak, 'train')];
    const written = setMembers(ctx.db, input.datasetId, assigned.map((a) => ({ seriesId: a.seriesId, strength: members.get(a.seriesId)!.strength, split: a.split })), false);
    if (!written.ok) return written;
    ctx.notify({ type: 'datasets-changed' });
    const io: Io = {
      progress: subProgress(progress, 0.1, 1), signal, echo: log,
      onEpoch: (network, r) => ctx.metric(r.epoch, { train_loss: r.trainLoss, val_loss: r.valLoss, val_dice: r.valDice }),
      ...(initial ? { initial } : {}),
    };
    let trained;
    if (input.role === 'teacher') trained = await teacherStage(run.value, io);
    else {
      const pseudo: PseudoRecord[] = data.value.cases.filter((c) => c.role === 'weak' && c.pseudo && existsSync(c.pseudo)).map((c) => ({ id: c.id, path: c.pseudo!, confidence: 1, tumours: 0, voxels: 1, dice: null }));
      const weak = data.value.cases.filter((c) => c.role === 'weak').length;
      if (weak > pseudo.length) log(`${weak - pseudo.length} weak case(s) have no teacher mask yet and are left out (run "Pseudo-label weak cases" first)`);
      trained = await studentStage(run.value, 'so', pseudo, io);
    }
    if (!trained.ok) return trained;
    // The app names a model after its file.
    const file = join(ctx.workDir, `${name.replace(/[\\/:*?"<>|]+/g, '-')}.onnx`);
    copyFileSync(trained.value.onnx, file);
    const registered = importModel(ctx.db, dataPaths(ctx.dataDir).models, { file, role: input.role });
    if (!registered.ok) return registered;
    ctx.notify({ type: 'models-changed' });
    const s = trained.value.stage.state;
    return ok({ model: registered.value, epochs: s.history.length, bestEpoch: s.bestEpoch, stopReason: s.stopReason, test: trained.value.test.summary });
  },
});
