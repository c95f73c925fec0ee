/** すべてのページで使う文言: ヘッダー、ナビゲーション、共通の操作、言語の切り替え。 */
import type { Messages } from "..";

export const common: Messages["common"] = {
  appName: "Loss Race",
  tagline: "小さなニューラルネットワークをブラウザで学習させ、クラスのみんなと誤差の小ささを競いましょう。",
  skipToContent: "本文へ移動",
  mainNavigation: "メイン",
  nav: {
    dashboard: "マイクラス",
  },
  signOut: "サインアウト",
  signedInAs: "{name} でサインイン中",
  trainingIndicator: {
    calibrating: "学習を始めています…",
    running: "学習中: エポック {epoch} / {total}",
    paused: "一時停止中: エポック {epoch} / {total}",
    stopping: "学習を止めています…",
  },
  loading: "読み込んでいます…",
  retry: "もう一度試す",
  back: "戻る",
  notFoundTitle: "ページが見つかりません",
  notFoundBody: "このアドレスには何もありません。",
  goHome: "トップページへ",
  language: {
    label: "言語 / Language",
    switchTo: "ページを{language}で表示する",
    saveFailed: "言語をアカウントに保存できませんでした。このブラウザでは選んだ言語のまま表示します。",
  },
  footer: {
    glossary: "用語集（日本語 / English）",
    lesson: "RNN と LSTM を学ぶ日本語の入門記事をもとにしています。",
  },
  technicalDetails: "技術的な詳細",
  scrollSideways: "横にスクロールすると、すべての列が見られます →",
  tableRegion: "表: {name}",
  listSeparator: "、",
};
