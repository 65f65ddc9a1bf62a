"""errorprop's PyTorch peer for `errorprop bench --peer`.

Trains the benchmark network of issue #6 on the CPU and prints one line per method:
    peer method=<bp|sg> depth=<D> width=<W> batch=<B> threads=<T> dtype=<float32|float64> samples_per_second=<S>

Network: 784 -> D x (Linear W with bias, BatchNorm1d, ReLU) -> Linear 10; softmax cross-entropy; Adam
(lr 3e-4) for every parameter group. Inputs are uniform in [0, 1), eight batches used in turn, labels
uniform over 10 classes. `sg` cuts the stack after the first ceil(D/2) blocks and trains the lower part
on a zero-initialised linear synthesizer SG([h, onehot(y)]) (no propagation into it), the upper part on
the true loss, and the synthesizer on the summed squared error to the true dL/dh.

Usage: python3 torch_peer.py DEPTH WIDTH BATCH STEPS THREADS {f32|f64}
"""
import sys
import time

import torch
import torch.nn.functional as F
from torch import nn


def main(argv):
    if len(argv) != 6 or argv[5] not in ("f32", "f64"):
        sys.exit("usage: torch_peer.py DEPTH WIDTH BATCH STEPS THREADS {f32|f64}")
    depth, width, batch, steps, threads = (int(a) for a in argv[:5])
    dtype = torch.float64 if argv[5] == "f64" else torch.float32
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    inputs = torch.rand(8 * batch, 784, dtype=dtype)
    labels = torch.randint(0, 10, (8 * batch,))

    def batch_at(step):
        start = (step % 8) * batch
        return inputs[start:start + batch], labels[start:start + batch]

    def stack():
        blocks = []
        fan_in = 784
        for _ in range(depth):
            blocks.append(nn.Sequential(nn.Linear(fan_in, width), nn.BatchNorm1d(width), nn.ReLU()))
            fan_in = width
        return nn.Sequential(*blocks, nn.Linear(width, 10)).to(dtype)

    def train_backprop(count):
        model = stack()
        optimiser = torch.optim.Adam(model.parameters(), lr=3e-4)
        for step in range(count):
            x, y = batch_at(step)
            optimiser.zero_grad()
            F.cross_entropy(model(x), y).backward()
            optimiser.step()

    def train_synthetic(count):
        model = stack()
        cut = (depth + 1) // 2
        lower, upper = model[:cut], model[cut:]
        synthesizer = nn.Linear(width + 10, width).to(dtype)
        nn.init.zeros_(synthesizer.weight)
        nn.init.zeros_(synthesizer.bias)
        lower_opt = torch.optim.Adam(lower.parameters(), lr=3e-4)
        upper_opt = torch.optim.Adam(upper.parameters(), lr=3e-4)
        synth_opt = torch.optim.Adam(synthesizer.parameters(), lr=3e-4)
        for step in range(count):
            x, y = batch_at(step)
            h = lower(x)
            predicted = synthesizer(torch.cat([h.detach(), F.one_hot(y, 10).to(dtype)], dim=1))
            lower_opt.zero_grad()
            h.backward(predicted.detach())
            lower_opt.step()
            boundary = h.detach().requires_grad_()
            upper_opt.zero_grad()
            F.cross_entropy(upper(boundary), y).backward()
            upper_opt.step()
            synth_opt.zero_grad()
            F.mse_loss(predicted, boundary.grad.detach(), reduction="sum").backward()
            synth_opt.step()

    for name, train in (("bp", train_backprop), ("sg", train_synthetic)):
        train(5)  # warm-up: allocator, kernels, thread pool
        started = time.perf_counter()
        train(steps)
        seconds = time.perf_counter() - started
        print(f"peer method={name} depth={depth} width={width} batch={batch} threads={threads} "
              f"dtype={str(dtype).replace('torch.', '')} samples_per_second={steps * batch / seconds:.1f}",
              flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
