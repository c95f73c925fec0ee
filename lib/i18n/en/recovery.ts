/** Account recovery: a teacher's forgotten password, a student's PIN reset by their teacher, and the e-mail. */
export const recovery = {
  forgotLink: "Forgot your password?",
  forgot: {
    title: "Reset your password",
    lead: "Enter your account's e-mail address. We send a link that lets you choose a new password.",
    email: "E-mail",
    submit: "Send the link",
    submitting: "Sending…",
    sentByMail: "If an account uses {email}, a link is on its way. It works once, within an hour. Check your spam folder too.",
    sentByAdmin: "This server does not send e-mail. Ask the person who runs Loss Race for a reset link (they can make one with “npm run admin -- reset-password {email}”).",
    back: "Back to sign-in",
  },
  reset: {
    title: "Choose a new password",
    lead: "Your old password stops working, and every device signed in to your account is signed out.",
    password: "New password",
    passwordHint: "At least {min} characters. Avoid common passwords.",
    submit: "Save the new password",
    submitting: "Saving…",
    missingToken: "This page needs the link from your e-mail. Open the link again, or ask for a new one.",
    askAgain: "Ask for a new link",
  },
  choosePin: {
    title: "Choose your new PIN",
    lead: "Your teacher gave you a one-time PIN. Choose a PIN or password of your own to go on.",
    password: "New PIN or password",
    passwordHint: "A PIN of at least {pin} digits, or a password of at least {min} characters. Remember it!",
    submit: "Save and continue",
    submitting: "Saving…",
  },
  roster: {
    resetPin: "Reset PIN",
    resetPinLabel: "Reset PIN for {name}",
    resetConfirm: "Reset {name}'s PIN? Their old PIN stops working and they are signed out everywhere.",
    oneTimeTitle: "One-time PIN for {name}",
    oneTimeNote: "Shown only now: write it down for the student. They sign in with it and then choose their own PIN.",
    close: "Done",
  },
  mail: {
    subject: "Reset your Loss Race password",
    body: "Hello {name},\n\nSomeone asked to reset the password of your Loss Race account ({email}). To choose a new password, open this link within {minutes} minutes:\n\n{link}\n\nThe link works once. If you did not ask for it, ignore this e-mail: your password stays as it is.\n\nLoss Race",
  },
};
