/** アカウントの復旧: 先生のパスワード忘れ、先生による生徒の PIN のリセット、そのメール。 */
import type { Messages } from "..";

export const recovery: Messages["recovery"] = {
  forgotLink: "パスワードを忘れましたか？",
  forgot: {
    title: "パスワードの再設定",
    lead: "アカウントのメールアドレスを入力してください。新しいパスワードを決めるためのリンクを送ります。",
    email: "メールアドレス",
    submit: "リンクを送る",
    submitting: "送信しています…",
    sentByMail: "{email} を使うアカウントがあれば、リンクを送りました。リンクは 1 時間以内に 1 回だけ使えます。迷惑メールフォルダーも確認してください。",
    sentByAdmin: "このサーバーはメールを送りません。Loss Race を運用している人に再設定リンクを依頼してください（「npm run admin -- reset-password {email}」で作成できます）。",
    back: "サインインに戻る",
  },
  reset: {
    title: "新しいパスワードを決める",
    lead: "古いパスワードは使えなくなり、このアカウントでサインインしているすべての端末がサインアウトされます。",
    password: "新しいパスワード",
    passwordHint: "{min} 文字以上にしてください。よく使われるパスワードは避けてください。",
    submit: "新しいパスワードを保存",
    submitting: "保存しています…",
    missingToken: "このページにはメールのリンクが必要です。リンクをもう一度開くか、新しいリンクを依頼してください。",
    askAgain: "新しいリンクを依頼する",
  },
  choosePin: {
    title: "新しい PIN を決めましょう",
    lead: "先生から一時 PIN を受け取りました。続けるには、自分の PIN またはパスワードを決めてください。",
    password: "新しい PIN またはパスワード",
    passwordHint: "{pin} 桁以上の数字の PIN か、{min} 文字以上のパスワードにしてください。忘れないようにしましょう！",
    submit: "保存して続ける",
    submitting: "保存しています…",
  },
  roster: {
    resetPin: "PIN をリセット",
    resetPinLabel: "{name} さんの PIN をリセット",
    resetConfirm: "{name} さんの PIN をリセットしますか？古い PIN は使えなくなり、すべての端末でサインアウトされます。",
    oneTimeTitle: "{name} さんの一時 PIN",
    oneTimeNote: "表示されるのは今だけです。生徒のために書き留めてください。生徒はこの PIN でサインインし、自分の PIN を決めます。",
    close: "閉じる",
  },
  mail: {
    subject: "Loss Race のパスワードの再設定",
    body: "{name} 様\n\nLoss Race のアカウント（{email}）のパスワードの再設定が依頼されました。新しいパスワードを決めるには、{minutes} 分以内に次のリンクを開いてください。\n\n{link}\n\nリンクは 1 回だけ使えます。心当たりがない場合は、このメールを無視してください。パスワードは変わりません。\n\nLoss Race",
  },
};
