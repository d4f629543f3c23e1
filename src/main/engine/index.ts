/**
 * The neural engine's public surface (see docs/engine.md): trainers and predictors over ONNX
 * graphs generated from a UNetSpec, checkpoints, model files, and PyTorch weight import.
 */
export { createTrainer } from './trainer';
export type { Trainer, TrainerOptions, TrainStepResult } from './trainer-types';
export { createPredictor, DEFAULT_MAX_VOXELS, type Prediction, type PredictOptions, type Predictor, type PredictorModel, type PredictorOptions } from './predictor';
export { readCheckpoint, writeCheckpoint, decodeCheckpoint, encodeCheckpoint, type AdamState, type Checkpoint } from './checkpoint';
export { exportModel, loadModelFile, decodeModelFile, MODEL_CARD_KEY, type LoadedModel } from './model-file';
export { makeModelCard, paramsSha256 } from './card';
export type { Targets } from './feeds';
export { describeEp, EP_REQUESTS, type EpName, type EpReport, type EpRequest, type RuntimeOptions } from './runtime/ep';
export { SessionCache, sharedSessions } from './runtime/session-cache';
export { DEFAULT_CONV_IMPL, type ConvImpl } from './graph/tensor';
export { DEFAULT_ADAM, type AdamHyper } from './graph/adam';
