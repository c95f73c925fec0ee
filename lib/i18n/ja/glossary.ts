/** 用語集のページ: 製品で使う言葉と、その短い説明。記事の中の場所は lib/i18n/glossary-lesson.ts にあります。 */
import type { Messages } from "..";

export const glossary: Messages["glossary"] = {
  title: "用語集",
  navLabel: "用語集",
  intro:
    "Loss Race で使う言葉を日本語と英語で並べ、もとになった記事（PyTorch の nn.RNN にノイズ入りのコサインを学習させる入門記事）のどこに出てくるかを、記事の文章のまま引用しています。",
  lessonTitle: "記事:「【ディープラーニングの基本】RNN,LSTMの特徴を簡単に説明|Pytorchでサンプル実装」",
  columns: { meaning: "意味", lesson: "記事の中の場所" },
  section: "「{heading}」の節",
  notInLesson: "記事には出てきません。Loss Race で加えたものです。",
  terms: {
    timeSeries: { term: "時系列", explanation: "順番に並んだ値です（コサイン、毎日の売り上げなど）。モデルはこの続きを予測することを学びます。" },
    prediction: { term: "予測", explanation: "モデルが出す、時系列の次の値です。" },
    hiddenLayer: { term: "中間層", explanation: "入力と出力の間にある層です。学習によって、その重みが調整されます。" },
    rnn: { term: "RNN（回帰型ニューラルネットワーク）", explanation: "時系列を 1 ステップずつ読み、読んだ内容を次のステップへ渡していくネットワークです。" },
    lstm: { term: "LSTM", explanation: "記憶セルで長い期間の情報を保つ RNN です。RNN より時間はかかりますが、精度が高くなることが多いです。" },
    gru: { term: "GRU", explanation: "LSTM を軽くした仲間で、ゲートが 3 つではなく 2 つです。PyTorch の nn.GRU にあたります。" },
    inputData: { term: "入力データ", explanation: "モデルに与える、過去の値の区間です。" },
    correctData: { term: "正解データ", explanation: "それぞれの区間の本当の次の値です。予測はこれと比べられます。" },
    window: { term: "与えるデータ数（ウィンドウ）", explanation: "次の値を予測するためにモデルが見る、過去の値の個数です（記事では 30）。" },
    noise: { term: "ノイズ", explanation: "時系列に加えるランダムなゆらぎです（記事では σ 0.3）。そのため、なめらかな曲線にはなりません。" },
    batchSize: { term: "バッチサイズ", explanation: "重みを 1 回更新するのに使う区間の数です（記事では 8）。" },
    hiddenSize: { term: "ニューロン数（中間層）", explanation: "中間層 1 つあたりのニューロンの数です（記事では 64）。" },
    layers: { term: "層数", explanation: "重ねる再帰層の数です（PyTorch の num_layers）。" },
    activation: { term: "活性化関数", explanation: "RNN が各ステップの中で使う関数です。tanh（デフォルト）か ReLU を選べます。" },
    loss: { term: "損失（MSE、平均二乗誤差）", explanation: "予測と正解データの差を 2 乗して平均したものです。小さいほど良い予測です。" },
    optimizer: { term: "最適化手法", explanation: "損失の勾配から重みをどう変えるかの決まりです。SGD、モーメンタム付き SGD、Adam があります。" },
    learningRate: { term: "学習率", explanation: "1 回の更新の大きさです（記事では 0.01）。大きすぎると損失が数値ではなくなります。" },
    training: { term: "学習", explanation: "予測・損失の計算・更新をくり返して、予測を正解データに近づけていくことです。" },
    epoch: { term: "エポック", explanation: "学習用の区間をすべて 1 回ずつ使うことです（記事では 1000 エポック学習させます）。" },
    correctVsPredicted: { term: "正解と予測（Correct / Predicted）", explanation: "記事の図です。本当の時系列とモデルの予測を重ねて描きます。" },
    rollout: { term: "連続予測（ロールアウト）", explanation: "最初の区間から始め、予測した値を次の入力として使いながら、時系列を予測していくことです。" },
    validation: { term: "検証データの損失", explanation: "学習に使わずに取っておいた最後の区間での損失です。未知のデータにどれだけ通用するかがわかります。" },
    verifiedScore: { term: "公式スコア", explanation: "提出された重みを使ってサーバーが自分で測った誤差です。レースの順位はこれだけで決まります。" },
  },
};
