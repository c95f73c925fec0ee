/** 学習 CLI の進捗表示とまとめ（npm run train -- --lang ja）。値がそろうよう見出しの幅を合わせています。 */
import type { Messages } from "..";

export const cli: Messages["cli"] = {
  progress: "[{bar}] {epoch}/{total}  損失 {loss}  {ms} ms/エポック",
  architecture: "{layers} 層の {cell}（中間層のニューロン数 {hidden}）",
  trained: "{architecture}を {epochs} エポック学習しました。データ: {data}（{length} 点、与えるデータ数 {window}）、{optimizer} 学習率 {lr}、バッチサイズ {batch}",
  uploadedData: "{path}（スケーリング {scaling}）",
  backend: "  バックエンド    {backend}（{implementation}）、計測: {timing}",
  msPerStep: "{ms} ms/ステップ",
  unavailable: "使用不可（{error}）",
  finalLoss: "  最終損失        学習 {train}",
  validationLoss: "、検証 {validation}",
  rollout: "  予測の MSE      {mse}",
  speed: "  速度            {ms} ms/エポック",
  scaling: "  スケーリング    {kind}、損失はスケーリング後の単位です。{back}",
  weights: "  重み            {file}",
  pytorch: "  PyTorch         {dir}（python3 {script} --check）",
  dataProblems: "--data {path} は使えません:",
};
