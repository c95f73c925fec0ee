/**
 * The `train.py` of an export: the seed tutorial's own script (numpy windows, the `Model` class, DataLoader,
 * MSELoss, the optimiser loop, the "Correct vs Predicted" panels), with the run's cell, layers, nonlinearity,
 * hidden size, optimiser, batch size, epochs and window written in as the tutorial writes its settings, and the
 * series read from run.json so it is exactly the data the run trained on. `--check` loads weights.npz into the
 * same `Model` and compares PyTorch's predictions with the engine's, which run.json carries.
 */
import type { TrainingConfig } from "../config";

/** The largest difference `--check` accepts between PyTorch's predictions and the engine's. */
export const CHECK_TOLERANCE = 1e-4;
/** The tutorial draws 10 panels (1000 epochs, every 100); a long run with a short period gets fewer, wider steps. */
const MAX_PANELS = 20;
const PANELS_PER_ROW = 5;

/** Python spells finite floats the way JavaScript prints them (0.01, 1e-8, 0.9). */
const py = (value: number): string => String(value);

function recurrentLayer(config: TrainingConfig): string {
  const { cell, layers, nonlinearity } = config.model;
  const lines = [
    `        self.rnn = nn.${cell}(`,
    "            input_size=input_size,  # 入力サイズ",
    "            hidden_size=hidden_size,  # ニューロン数",
    `            num_layers=${layers},  # 層数`,
  ];
  if (cell === "RNN") lines.push(`            nonlinearity="${nonlinearity}",  # 活性化関数`);
  lines.push("            batch_first=True,  # 入力をバッチサイズ, 与えるデータの数, 入力の数にする", "        )");
  return lines.join("\n");
}

function optimizerLine(config: TrainingConfig): string {
  const o = config.optimizer;
  switch (o.kind) {
    case "sgd":
      return `optimizer = optim.SGD(model.parameters(), lr=${py(o.learningRate)})  # 学習率は${py(o.learningRate)}`;
    case "momentum":
      return `optimizer = optim.SGD(model.parameters(), lr=${py(o.learningRate)}, momentum=${py(o.momentum)})  # 学習率は${py(o.learningRate)}、モーメンタム${py(o.momentum)}`;
    case "adam":
      return `optimizer = optim.Adam(model.parameters(), lr=${py(o.learningRate)}, betas=(${py(o.beta1)}, ${py(o.beta2)}), eps=${py(o.epsilon)})  # 学習率は${py(o.learningRate)}`;
  }
}

/** Epochs between two "Correct vs Predicted" panels: the run's period, widened so at most MAX_PANELS are drawn. */
export function plotPeriod(config: Pick<TrainingConfig, "epochs" | "rolloutEvery">): number {
  return Math.max(config.rolloutEvery, Math.ceil(config.epochs / MAX_PANELS));
}

function describeModel(config: TrainingConfig): string {
  const { cell, layers, hidden, nonlinearity } = config.model;
  return `${layers}層の ${cell}${cell === "RNN" ? ` (${nonlinearity})` : ""}、中間層のニューロン数 ${hidden}`;
}

export function trainPy(config: TrainingConfig, trainWindows: number): string {
  const windows = config.dataset.length - config.window;
  const heldOut = windows - trainWindows;
  const period = plotPeriod(config);
  const panels = Math.ceil(config.epochs / period);
  const rows = Math.ceil(panels / PANELS_PER_ROW);
  const cols = Math.min(panels, PANELS_PER_ROW);
  const optimizerName = { sgd: "SGD", momentum: "SGD (momentum)", adam: "Adam" }[config.optimizer.kind];
  return `"""Loss Race で学習したモデルを PyTorch で再現するスクリプトです。

チュートリアル「RNN,LSTMの特徴を簡単に説明|Pytorchでサンプル実装」のコードに、
Loss Race の設定(${describeModel(config)}、${optimizerName}、
バッチサイズ ${config.batchSize}、${config.epochs} エポック、与えるデータ数 ${config.window})を書き込んであります。

  python3 train.py          チュートリアルと同じように学習し、「Correct vs Predicted」を表示します
  python3 train.py --check  学習はせず、Loss Race で学習した重み (weights.npz) を読み込んで、
                            PyTorch の予測と run.json にある Loss Race の予測の最大の差を表示します
"""
import json
import os
import sys

import numpy as np
import torch
from torch.utils.data import DataLoader
import torch.nn as nn
from torch import optim

here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "run.json"), encoding="utf-8") as f:
    run = json.load(f)

# 学習するデータ: Loss Race で学習に使った系列そのもの (run.json の "series"、${config.dataset.length} 点)
cos_y = np.array(run["series"], dtype=np.float32)

# データを利用できる形に変更
# 与えるデータ数
origin_data_num = ${config.window}
# 予測していくデータ数
prd_data_num = len(cos_y) - origin_data_num
# 学習に使うデータ数${heldOut > 0 ? `(最後の ${heldOut} 個は検証用に取っておきます)` : "(全部使います)"}
train_data_num = ${trainWindows}

# 入力データの用意:予測していくデータ数だけ、与えるデータを用意
input_data = np.zeros((prd_data_num, origin_data_num, 1))
# 正解データ:予測していくデータの数用意
correct_data = np.zeros((prd_data_num, 1))

for i in range(prd_data_num):
    input_data[i] = cos_y[i : i + origin_data_num].reshape(-1, 1)
    # 正解データは1つ次のデータ
    correct_data[i] = cos_y[i + origin_data_num : i + origin_data_num + 1]

# PyTorchで使用する形に変更
input_data = torch.tensor(input_data, dtype=torch.float)
correct_data = torch.tensor(correct_data, dtype=torch.float)


# モデルの作成
class Model(nn.Module):
    def __init__(self, input_size, hidden_size):
        # 親クラスのコンストラクタ
        super().__init__()

        # ${config.model.cell}
${recurrentLayer(config)}
        self.output = nn.Linear(hidden_size, 1)

    def forward(self, x, h=None):
        # output : 全ての時刻の出力
        # hn : 次の時刻に渡される値
        output, hn = self.rnn(x, h)
        # y : 最後の時刻の出力
        y = self.output(output[:, -1, :])
        return y


def predict_series(model):
    """最初の学習データから、予測した値を次の入力にして最後まで予測します(グラフの Predicted)。"""
    predicted = [float(v) for v in input_data[0].reshape(-1)]
    with torch.no_grad():
        for t in range(prd_data_num):
            # 近い時系列を取り出す
            x = torch.tensor(predicted[-origin_data_num:])
            # 引数:バッチサイズ, 時系列の数, 入力の数
            x = x.reshape(1, origin_data_num, 1)
            y = model(x)
            predicted.append(y[0].item())
    return predicted


if "--check" in sys.argv[1:]:
    # 学習はせず、Loss Race で学習した重みをチュートリアルのモデルに読み込みます
    model = Model(1, ${config.model.hidden})
    weights = np.load(os.path.join(here, "weights.npz"))
    model.load_state_dict({name: torch.from_numpy(weights[name]) for name in weights.files})
    model.eval()
    with torch.no_grad():
        # すべての入力データについて、次の1データを予測
        predictions = model(input_data).reshape(-1).numpy()
    rollout = np.array(predict_series(model)[origin_data_num:], dtype=np.float32)
    # Loss Race の予測との差 (float64 で計算します)
    prediction_diff = float(np.max(np.abs(predictions.astype(np.float64) - np.array(run["predictions"]))))
    rollout_diff = float(np.max(np.abs(rollout.astype(np.float64) - np.array(run["rollout"]))))
    tolerance = ${py(CHECK_TOLERANCE)}
    print(f"PyTorch {torch.__version__}: ${describeModel(config)}")
    print(f"  1 つ先の予測 ({prd_data_num} 個) の最大の差: {prediction_diff:.3g}")
    print(f"  最初の学習データからの予測 ({prd_data_num} 個) の最大の差: {rollout_diff:.3g}")
    print(f"largest absolute difference: predictions {prediction_diff:.3e}, rollout {rollout_diff:.3e} (tolerance {tolerance:.0e})")
    if max(prediction_diff, rollout_diff) > tolerance:
        print("NG: Loss Race の予測と一致しません (the predictions differ)")
        sys.exit(1)
    print("OK: Loss Race と PyTorch の予測は一致しています (the predictions agree)")
    sys.exit(0)

# 乱数の種 (同じ種なら何度実行しても同じ結果になります)
torch.manual_seed(${config.seed})

model = Model(1, ${config.model.hidden})

# DataLoaderでバッチに合わせて取得 (学習に使うデータだけ)
dataset = torch.utils.data.TensorDataset(input_data[:train_data_num], correct_data[:train_data_num])
train_loader = DataLoader(dataset, batch_size=${config.batchSize}, shuffle=True)

# 平均二乗誤差
loss_fnc = nn.MSELoss()

# 最適化アルゴリズム
${optimizerLine(config)}

try:
    import matplotlib.pyplot as plt
except ImportError:
    plt = None
    print("matplotlib がないのでグラフは描きません (pip install matplotlib で描けます)")

# 表示領域、配置領域の確保
if plt is not None:
    fig, axs = plt.subplots(${rows}, ${cols}, figsize=(15.0, ${py(2.5 * rows)}), squeeze=False)

# 学習:エポックの数ループ
for i in range(${config.epochs}):  # ${config.epochs}エポック学習
    # 訓練モード
    model.train()
    loss_sum = 0.0

    # ミニバッチで回す
    for j, (x, t) in enumerate(train_loader):
        # 順伝播
        y = model(x)
        # 誤差関数
        loss = loss_fnc(y, t)
        # 勾配の初期化
        optimizer.zero_grad()
        # 逆伝播
        loss.backward()
        # パラメータの更新
        optimizer.step()
        loss_sum += loss.item() * len(x)

    if i % ${period} == 0:
        model.eval()
        message = f"エポック {i + 1}: 学習の損失 {loss_sum / train_data_num:.4g}"
        if train_data_num < prd_data_num:
            with torch.no_grad():
                val_loss = loss_fnc(model(input_data[train_data_num:]), correct_data[train_data_num:]).item()
            message += f"、検証の損失 {val_loss:.4g}"
        print(message)
        # 最初の学習データから予測
        predicted = predict_series(model)
        if plt is not None:
            fig_num = int(i / ${period})
            fig.axes[fig_num].plot(range(len(cos_y)), cos_y, label="Correct")
            fig.axes[fig_num].plot(range(len(predicted)), predicted, label="Predicted")
            fig.axes[fig_num].set_title(f"epoch {i + 1}", fontsize=9)
            fig.axes[fig_num].tick_params(length=0)

if plt is not None:
    fig.axes[0].legend()
    fig.tight_layout()
    plt.savefig(os.path.join(here, "correct-vs-predicted.png"))
    plt.show()

# 学習したモデルを保存します (Loss Race の Playground で読み込めます)
np.savez(os.path.join(here, "model.npz"), **{k: v.numpy() for k, v in model.state_dict().items()})
print("model.npz に保存しました")
`;
}
