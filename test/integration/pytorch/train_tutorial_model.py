"""Trains the seed tutorial's Model in PyTorch and saves it the way the app tells students to (the snippet is
passed in, so the test runs exactly the lines the app and README show). Writes model.npz (via the snippet) and
torch-predictions.json (PyTorch's one-step prediction for every window and the rollout from the first window)
into the current directory. Input: one JSON object on stdin (see round-trip.test.ts).
"""
import json
import sys

import numpy as np
import torch
import torch.nn as nn
from torch import optim
from torch.utils.data import DataLoader

spec = json.load(sys.stdin)
torch.manual_seed(spec["seed"])
series = np.array(spec["series"], dtype=np.float32)
W = spec["window"]
n = len(series) - W
input_data = torch.tensor(np.stack([series[i:i + W] for i in range(n)]).reshape(n, W, 1), dtype=torch.float)
correct_data = torch.tensor(series[W:].reshape(n, 1), dtype=torch.float)


class Model(nn.Module):
    def __init__(self, input_size, hidden_size):
        super().__init__()
        kwargs = dict(input_size=input_size, hidden_size=hidden_size, num_layers=spec["layers"], batch_first=True)
        if spec["cell"] == "RNN":
            kwargs["nonlinearity"] = spec["nonlinearity"]
        self.rnn = getattr(nn, spec["cell"])(**kwargs)
        self.output = nn.Linear(hidden_size, 1)

    def forward(self, x, h=None):
        output, hn = self.rnn(x, h)
        return self.output(output[:, -1, :])


model = Model(1, spec["hidden"])
optimizer = optim.Adam(model.parameters(), lr=0.01)
loader = DataLoader(torch.utils.data.TensorDataset(input_data, correct_data), batch_size=8, shuffle=True)
for epoch in range(spec["epochs"]):
    for x, t in loader:
        loss = nn.functional.mse_loss(model(x), t)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

if spec["dtype"] == "float64":
    model = model.double()
model.eval()
exec(spec["snippet"])  # writes model.npz, as a student would after training
if spec["compressed"]:
    # np.savez_compressed writes the same arrays deflated: the app must read both.
    state = dict(np.load("model.npz"))
    np.savez_compressed("model.npz", **state)

dtype = torch.float64 if spec["dtype"] == "float64" else torch.float32
with torch.no_grad():
    predictions = model(input_data.to(dtype)).reshape(-1).tolist()
    predicted = [float(v) for v in series[:W]]
    for _ in range(n):
        x = torch.tensor(predicted[-W:], dtype=dtype).reshape(1, W, 1)
        predicted.append(model(x)[0].item())
json.dump({"predictions": predictions, "rollout": predicted[W:]}, open("torch-predictions.json", "w"))
