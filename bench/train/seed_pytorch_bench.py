# Vendored from the project's shared reference (shared/reference/seed_pytorch_bench.py): the seed tutorial's own
# PyTorch training loop, timed. Kept here so `npm run bench:train` does not depend on the shared folder existing.
"""The seed tutorial's training loop (noisy cosine, window 30, batch 8, SGD lr 0.01, MSE), timed.
Usage: /usr/bin/python3 seed_pytorch_bench.py [--cell RNN|LSTM|GRU] [--hidden 64] [--layers 1]
                                              [--epochs 100] [--threads 1]
Needs Debian's python3-torch (apt-get install -y python3-torch). Prints one JSON line:
{"impl": "pytorch", "cell": ..., "msPerEpoch": ..., "finalLoss": ...}"""
import argparse, json, time
import numpy as np, torch, torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

ap = argparse.ArgumentParser()
ap.add_argument('--cell', default='RNN'); ap.add_argument('--hidden', type=int, default=64)
ap.add_argument('--layers', type=int, default=1); ap.add_argument('--epochs', type=int, default=100)
ap.add_argument('--threads', type=int, default=1)
a = ap.parse_args()
torch.set_num_threads(a.threads); torch.manual_seed(0); np.random.seed(0)
cos_y = np.cos(np.linspace(0, 4 * np.pi, 120)) + np.random.randn(120) * 0.3
W = 30; n = len(cos_y) - W
X = torch.tensor(np.stack([cos_y[i:i + W] for i in range(n)]).reshape(n, W, 1), dtype=torch.float)
T = torch.tensor(cos_y[W:].reshape(n, 1), dtype=torch.float)
loader = DataLoader(TensorDataset(X, T), batch_size=8, shuffle=True)

class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn = getattr(nn, a.cell.upper())(input_size=1, hidden_size=a.hidden, num_layers=a.layers, batch_first=True)
        self.output = nn.Linear(a.hidden, 1)
    def forward(self, x):
        out, _ = self.rnn(x)
        return self.output(out[:, -1, :])

model = Model(); loss_fn = nn.MSELoss(); opt = torch.optim.SGD(model.parameters(), lr=0.01)
t0 = time.perf_counter()
for _ in range(a.epochs):
    model.train()
    for x, t in loader:
        loss = loss_fn(model(x), t); opt.zero_grad(); loss.backward(); opt.step()
dt = time.perf_counter() - t0
print(json.dumps({'impl': 'pytorch', 'version': torch.__version__, 'cell': a.cell.upper(), 'hidden': a.hidden,
                  'layers': a.layers, 'epochs': a.epochs, 'threads': a.threads,
                  'msPerEpoch': round(dt / a.epochs * 1000, 3), 'finalLoss': float(loss.item())}))
