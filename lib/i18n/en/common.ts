/** Strings shared by every page: the app shell, navigation, generic actions, the language switcher. */
export const common = {
  appName: "Loss Race",
  tagline: "Train tiny neural networks in your browser and race your class for the lowest error.",
  skipToContent: "Skip to main content",
  mainNavigation: "Main",
  nav: {
    dashboard: "My classrooms",
  },
  signOut: "Sign out",
  signedInAs: "Signed in as {name}",
  /** The header's link back to a Playground run training while the person is on another page. */
  trainingIndicator: {
    calibrating: "Training is starting…",
    running: "Training: epoch {epoch} of {total}",
    paused: "Paused: epoch {epoch} of {total}",
    stopping: "Stopping training…",
  },
  loading: "Loading…",
  retry: "Try again",
  back: "Back",
  notFoundTitle: "Page not found",
  notFoundBody: "There is nothing at this address.",
  goHome: "Go to the start page",
  /** Labelled in both languages, so whoever reads the page finds it. */
  language: {
    label: "Language / 言語",
    switchTo: "Show the pages in {language}",
    saveFailed: "Your language could not be saved to your account; it stays chosen in this browser.",
  },
  footer: {
    glossary: "Glossary (English / 日本語)",
    lesson: "Based on a Japanese beginners' lesson about RNN and LSTM.",
  },
  technicalDetails: "Technical details",
  /** Above a table wider than the screen (app/_components/scroll-box). */
  scrollSideways: "Scroll sideways to see every column →",
  /** The name of a table's scrolling box, for screen readers. */
  tableRegion: "Table: {name}",
  /** Between the items of a list inside a sentence. */
  listSeparator: "; ",
};
