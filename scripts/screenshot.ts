/**
 * `npm run screenshot`: the README's picture. Runs the real app (like the e2e tests), fills a classroom with a
 * teacher and three students, and saves the teacher's room page to docs/classroom.png.
 */
import path from "node:path";
import { buildOnce, startApp } from "../test/e2e/support/app";
import { launchBrowser, newPerson } from "../test/e2e/support/browser";
import { createClassroom, joinByLink, signUpTeacher } from "../test/e2e/support/journeys";
import { ROOT } from "./prisma-cli";

buildOnce();
// Listening on every interface, as `npm start` does: the join link and QR code show this machine's network address.
const app = await startApp({ HOST: "0.0.0.0" });
const browser = await launchBrowser();
try {
  const teacherContext = await newPerson(browser, app.url, { width: 1280, height: 720 });
  const teacher = await teacherContext.newPage();
  await signUpTeacher(teacher);
  const { code } = await createClassroom(teacher, "Period 3 Physics");
  // The students' browsers stay on the address this script opened (their cookies are kept per address).
  const link = `${app.url}/join/${code}`;
  const students = [];
  for (const name of ["Anna Lee", "Kenji", "Sofía"]) {
    const context = await newPerson(browser, app.url);
    const page = await context.newPage();
    await joinByLink(page, link, name, "river-otter-42");
    students.push(context);
  }
  await students[2]!.close(); // one student offline, to show presence
  await teacher.getByText("2 of 3 online").waitFor();
  const file = path.join(ROOT, "docs", "classroom.png");
  await teacher.screenshot({ path: file });
  console.log(`saved ${path.relative(process.cwd(), file)}`);
} finally {
  await browser.close();
  await app.stop();
}
