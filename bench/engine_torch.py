"""PyTorch side of `npm run bench:engine`: the same MONAI-layout U-Net, timed the same way.

  /usr/bin/python3 bench/engine_torch.py --mode fwd|train|gemm --in-ch 2 --channels 64,128,256,512 \
      --heads 1 --size 128 --threads 2 --repeats 3

Prints one JSON object: {"times": [...seconds], "best": s, "peak_rss_mb": MB, "torch": version}.
Each mode runs in its own process so the peak RSS belongs to that mode alone.
"""
import argparse
import json
import os
import resource
import sys
import time

import torch

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "scripts", "fixtures"))
from lungts_fixture import MonaiUNet, dice_loss  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mode", choices=["fwd", "train", "gemm"], required=True)
    ap.add_argument("--in-ch", type=int, default=1)
    ap.add_argument("--channels", default="64,128,256,512,1024")
    ap.add_argument("--heads", type=int, default=1)
    ap.add_argument("--size", type=int, default=128)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--device", choices=["cpu", "cuda"], default="cpu")
    a = ap.parse_args()
    dev = torch.device("cuda" if a.device == "cuda" and torch.cuda.is_available() else "cpu")
    sync = torch.cuda.synchronize if dev.type == "cuda" else (lambda: None)
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    times = []
    if a.mode == "gemm":
        n = 2048
        x, y = torch.randn(n, n, device=dev), torch.randn(n, n, device=dev)
        x @ y
        sync()
        for _ in range(a.repeats):
            t0 = time.perf_counter()
            x @ y
            sync()
            times.append(time.perf_counter() - t0)
    else:
        channels = [int(c) for c in a.channels.split(",")]
        net = MonaiUNet(a.in_ch, 1, channels, [2] * (len(channels) - 1), heads=a.heads).to(dev)
        x = torch.randn(1, a.in_ch, a.size, a.size, a.size, device=dev)
        targets = [(torch.rand(1, 1, a.size, a.size, a.size, device=dev) > 0.9).float() for _ in range(a.heads)]
        opt = torch.optim.Adam(net.parameters(), lr=1e-4)

        def step():
            if a.mode == "fwd":
                with torch.no_grad():
                    [torch.sigmoid(z) for z in net.logits(x)]
            else:
                opt.zero_grad(set_to_none=True)
                loss = dice_loss([torch.sigmoid(z) for z in net.logits(x)], targets)
                loss.backward()
                opt.step()
            sync()

        step()  # warm-up (allocations, oneDNN primitive creation)
        for _ in range(a.repeats):
            t0 = time.perf_counter()
            step()
            times.append(time.perf_counter() - t0)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if dev.type == "cuda":
        peak = torch.cuda.max_memory_allocated() / 2**20
    print(json.dumps({"times": times, "best": min(times), "peak_rss_mb": peak, "torch": torch.__version__, "threads": torch.get_num_threads(), "device": dev.type}))


if __name__ == "__main__":
    main()
