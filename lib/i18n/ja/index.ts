/**
 * The Japanese catalogue, area by area. Its vocabulary is the seed lesson's (学習, 予測, 正解, エポック, 中間層, 層数,
 * 活性化関数, 学習率, バッチサイズ, 入力データ, 正解データ, 与えるデータ数), so a student can read the lesson and the
 * product side by side; polite (です/ます), for students.
 */
import type { Messages } from "..";
import { auth } from "./auth";
import { classroom } from "./classroom";
import { cli } from "./cli";
import { common } from "./common";
import { data } from "./data";
import { errorFallbacks, errorReasons, errors } from "./errors";
import { glossary } from "./glossary";
import { history } from "./history";
import { homework } from "./homework";
import { playground } from "./playground";
import { pytorch } from "./pytorch";
import { race } from "./race";
import { recovery } from "./recovery";
import { scoring } from "./scoring";
import { validation } from "./validation";

export const ja: Messages = { common, auth, classroom, errors, errorReasons, errorFallbacks, validation, playground, race, scoring, history, pytorch, glossary, data, recovery, homework, cli };
