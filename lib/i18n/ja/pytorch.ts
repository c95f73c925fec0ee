/** PyTorch との行き来: 学習記録を記事の PyTorch スクリプトとして書き出し、PyTorch で学習したモデルを取り込みます。 */
import type { Messages } from "..";

export const pytorch: Messages["pytorch"] = {
  exportButton: "PyTorch 用にダウンロード（.zip）",
  exportPreparing: "PyTorch 用のフォルダを準備しています…",
  exportHint:
    "train.py（この学習の設定とデータを使った記事の PyTorch コード）、weights.npz（学習した重み）、run.json の入ったフォルダです。python3 train.py で PyTorch で学習させられます。python3 train.py --check を実行すると、PyTorch の予測とこの学習の予測を比べられます。",
  exportFailed: "PyTorch 用のフォルダを準備できませんでした: {message}",
  importedLabel: "PyTorch で学習",
  importedNote:
    "PyTorch で学習して取り込んだモデルです。下のデータ設定で採点しています。最適化手法、バッチサイズ、エポック数は PyTorch 側のもので、ここではわかりません。",
  importedCaption: "PyTorch · MSE {mse}",
  import: {
    title: "PyTorch で学習したモデルを取り込む",
    intro:
      "記事のモデルを PyTorch で学習させましたか？ 学習のあとで次の 3 行で重みを保存し、model.npz をアップロードしてください。ブラウザでの学習と同じように、フォームのデータ設定で採点して学習記録に保存します。取り込んだモデルはレースには参加できません。",
    snippetLabel: "Python（学習のあとに実行）",
    file: "重みファイル（.npz）",
    reading: "ファイルを読み込んでいます…",
    found: "{layers} 層の {cell}（中間層のニューロン数 {hidden}）が見つかりました。",
    nonlinearity: "RNN の活性化関数（重みからはわかりません）",
    submit: "採点して保存",
    scoring: "採点しています…",
    resultTitle: "PyTorch で学習したモデル",
    resultIntro: "最初の与えるデータから始め、予測を 1 ステップずつ入力に戻して、フォームのデータを予測したものです。",
    validation: "検証データの MSE: {loss}",
    training: "学習データの MSE: {loss}",
    saving: "学習記録に保存しています…",
    saved: "学習記録に保存しました。",
    open: "学習記録を開く",
    compare: "ブラウザでの最後の学習と比較する",
    saveFailed: "採点しましたが、保存できませんでした: {message}",
    fixSettings: "先にフォームの設定を直してください。",
    problems: {
      too_large: "ファイルが大きすぎます（{bytes} バイト、上限は {maxBytes} バイト）。",
      not_zip: "これは .npz ファイルではありません。上のように np.savez で重みを保存してください。",
      not_npy: "ファイルの中の {name} は、読み込める NumPy の配列ではありません。",
      not_float: "{name} の値は {dtype} で、浮動小数点数ではありません。",
      non_finite: "{name} の {index} 番目に、有限の数値ではない値（{value}）があります。",
      missing_arrays:
        "ファイルに {names} の配列がありません。モデルは記事と同じもの（self.rnn = nn.RNN、nn.LSTM または nn.GRU と、self.output = nn.Linear(hidden, 1)）にしてください。",
      extra_arrays: "記事のモデルにはない配列（{names}）があります。",
      wrong_shape: "{name} の形は {shape} ですが、記事のモデルには {expected} が必要です。",
      out_of_limits: {
        layers: "モデルの層数は {value} です。取り込めるのは {max} 層までです。",
        hidden: "モデルの中間層のニューロン数は {value} です。取り込めるのは {max} までです。",
      },
    },
  },
};
