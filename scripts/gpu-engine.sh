#!/usr/bin/env bash
# Runs the engine benchmark (forward + train step, ours vs PyTorch) on an NVIDIA GPU through
# onnxruntime's CUDA provider and prints the same table as `npm run bench:engine`.
#
#   scripts/gpu-engine.sh [--size 128] [--nets student-so,teacher] [--repeats 3]
#
# Needs: an NVIDIA GPU with a CUDA 12 driver, and the CUDA provider libraries, installed once
# with `npm run install:cuda` (downloads them from NuGet; see docs/engine.md). Fails with a
# clear message, and runs nothing, when either is missing: a GPU run that silently fell back
# to the CPU would report the wrong numbers.
set -euo pipefail
cd "$(dirname "$0")/.."

die() { echo "gpu-engine: $*" >&2; exit 1; }

command -v nvidia-smi >/dev/null 2>&1 || die "no NVIDIA driver found (nvidia-smi is missing): this script needs a CUDA GPU"
gpu="$(nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader 2>/dev/null | head -1)" || true
[ -n "$gpu" ] || die "nvidia-smi found no usable GPU"

lib="$(node -e "const p=require('path');console.log(p.join(p.dirname(require.resolve('onnxruntime-node/package.json')),'bin','napi-v6',process.platform,process.arch,'libonnxruntime_providers_cuda.so'))")"
[ -f "$lib" ] || die "the onnxruntime CUDA provider is not installed ($lib is missing): run 'npm run install:cuda' first"

echo "GPU: $gpu"
exec node --import tsx bench/engine.ts --ep cuda "$@"
