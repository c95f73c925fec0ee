/**
 * Where each glossary term appears in the seed lesson (../shared/seed: “【ディープラーニングの基本】RNN,LSTMの特徴を
 * 簡単に説明|Pytorchでサンプル実装”): the section heading and the sentence or code line, quoted exactly as the lesson
 * writes it, in Japanese, whatever the reader's language (it is a citation, not a UI string). Null: the lesson
 * has no such term, Loss Race adds it.
 */
import type { glossary } from "./en/glossary";

export interface LessonQuote {
  heading: string;
  quote: string;
  /** Code (a monospace block) or prose. */
  code: boolean;
}

export type GlossaryTerm = keyof typeof glossary.terms;

export const LESSON_QUOTES: Record<GlossaryTerm, LessonQuote | null> = {
  timeSeries: { heading: "RNN・LSTMの説明", quote: "RNN,LSTMはディープラーニングの手法の1つで、時系列から予測していくものになります。", code: false },
  prediction: { heading: "最後に", quote: "RNN,LSTMは過去の時系列データからこれからのデータを予測することができます。", code: false },
  hiddenLayer: {
    heading: "ディープラーニングの基本",
    quote: "ディープラーニングの基本は入力値(x)を中間層(複数のフィルタのようなもの)を通して出力値を割り出します。",
    code: false,
  },
  rnn: { heading: "RNN", quote: "RNNは「Recurrent Neural Network」の略で「回帰型ニューラルネットワーク」とも呼ばれています。", code: false },
  lstm: {
    heading: "LSTM",
    quote: "中間層(LSTM層)のニューロンの中に記憶セルというものがあり、学習していくデータから常に更新させていくものがあります。",
    code: false,
  },
  gru: null,
  inputData: { heading: "RNNの実装", quote: "# 入力データの用意:予測していくデータ数だけ、与えるデータを用意", code: true },
  correctData: { heading: "RNNの実装", quote: "# 正解データは1つ次のデータ", code: true },
  window: { heading: "RNNの実装", quote: "# 与えるデータ数\norigin_data_num = 30", code: true },
  noise: { heading: "RNNの実装", quote: "# コサイン関数にノイズを与える\ncos_y = np.cos(cos_x)  + np.random.randn(len(cos_x)) * 0.3", code: true },
  batchSize: { heading: "RNNの実装", quote: "train_loader = DataLoader(dataset, batch_size=8, shuffle=True)", code: true },
  hiddenSize: { heading: "RNNの実装", quote: "hidden_size= hidden_size,  # ニューロン数", code: true },
  layers: { heading: "RNNの実装", quote: "層を増やしてより複雑な学習をさせたい場合は引数に「num_layers=○」を設定してください。", code: false },
  activation: { heading: "RNNの実装", quote: "また活性化関数は引数「nonlinearity」で設定できます。", code: false },
  loss: { heading: "RNNの実装", quote: "loss_fnc = nn.MSELoss()", code: true },
  optimizer: { heading: "RNNの実装", quote: "# 最適化アルゴリズム\noptimizer = optim.SGD(model.parameters(), lr=0.01)  # 学習率は0.01", code: true },
  learningRate: { heading: "RNNの実装", quote: "optimizer = optim.SGD(model.parameters(), lr=0.01)  # 学習率は0.01", code: true },
  training: { heading: "RNNの実装", quote: "実際に学習させてみましょう。", code: false },
  epoch: { heading: "RNNの実装", quote: "ここでは1000エポック学習させ、100エポックごとに実際のデータと学習して割り出したデータを表示させています。", code: false },
  correctVsPredicted: {
    heading: "RNNの実装",
    quote: 'fig.axes[fig_num].plot(range(len(cos_y)), cos_y, label="Correct")\nfig.axes[fig_num].plot(range(len(predicted)), predicted, label="Predicted")',
    code: true,
  },
  rollout: { heading: "RNNの実装", quote: "# 最初の学習データ\npredicted = list(input_data[0].reshape(-1))", code: true },
  validation: null,
  verifiedScore: null,
};
