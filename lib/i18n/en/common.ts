/** Strings shared by every page: the app shell, navigation, generic actions. */
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
  loading: "Loading…",
  retry: "Try again",
  back: "Back",
  notFoundTitle: "Page not found",
  notFoundBody: "There is nothing at this address.",
  goHome: "Go to the start page",
  offline: "The server cannot be reached. Check your connection.",
  timedOut: "The server did not answer in time.",
};
