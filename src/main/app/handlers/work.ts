import type { Json } from '../../../shared/api';
import { fail, ok } from '../../../shared/result';
import { createDataset, datasetMembers, getDataset, listDatasets, setMembers } from '../../db/repos/datasets';
import { getEvaluation, listEvaluations } from '../../db/repos/evaluations';
import { activateModel, listModels, modelCard } from '../../db/repos/models';
import type { AppCore } from '../core';
import { importModel } from '../models';
import type { HandlerMap } from './types';

type M =
  | 'models.list' | 'models.activate' | 'models.card' | 'models.import'
  | 'datasets.list' | 'datasets.create' | 'datasets.members' | 'datasets.setMembers'
  | 'evaluations.list' | 'evaluations.get';

export function workHandlers(app: AppCore): HandlerMap<M> {
  return {
    'models.list': async ({ role }) => ok(listModels(app.db, role)),
    'models.activate': async ({ modelId }) => {
      const r = activateModel(app.db, modelId);
      if (r.ok) app.events.emit({ type: 'models-changed' });
      return r;
    },
    'models.card': async ({ modelId }) => {
      const c = modelCard(app.db, modelId);
      return c.ok ? ok({ modelId, card: c.value.card as Json, registeredAt: c.value.createdAt }) : c;
    },
    'models.import': async (input) => {
      const r = importModel(app.db, app.modelsDir, input);
      if (r.ok) app.events.emit({ type: 'models-changed' });
      return r;
    },
    'datasets.list': async () => ok(listDatasets(app.db)),
    'datasets.create': async ({ name, description }) => {
      const r = createDataset(app.db, name, description ?? '');
      if (r.ok) app.events.emit({ type: 'datasets-changed' });
      return r;
    },
    'datasets.members': async ({ datasetId }) =>
      getDataset(app.db, datasetId) ? ok(datasetMembers(app.db, datasetId)) : fail(`dataset ${datasetId} does not exist`),
    'datasets.setMembers': async ({ datasetId, members, replace }) => {
      const r = setMembers(app.db, datasetId, members, replace);
      if (r.ok) app.events.emit({ type: 'datasets-changed' });
      return r;
    },
    'evaluations.list': async () => ok(listEvaluations(app.db)),
    'evaluations.get': async ({ evaluationId }) => getEvaluation(app.db, evaluationId),
  };
}
