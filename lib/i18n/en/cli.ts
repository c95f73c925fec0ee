/** The training CLI's progress bar and summary (npm run train -- --lang en); labels padded so values line up. */
export const cli = {
  progress: "[{bar}] {epoch}/{total}  loss {loss}  {ms} ms/epoch",
  architecture: "{layers}-layer {cell} with hidden size {hidden}",
  trained: "Trained a {architecture} for {epochs} epochs on {data} ({length} points, window {window}), {optimizer} lr {lr}, batch {batch}",
  uploadedData: "{path} (scaling {scaling})",
  backend: "  backend         {backend} ({implementation}); calibration: {timing}",
  msPerStep: "{ms} ms/step",
  unavailable: "unavailable ({error})",
  finalLoss: "  final loss      train {train}",
  validationLoss: ", validation {validation}",
  rollout: "  rollout MSE     {mse}",
  speed: "  speed           {ms} ms/epoch",
  scaling: "  scaling         {kind}; losses are in scaled units, {back}",
  weights: "  weights         {file}",
  pytorch: "  PyTorch         {dir} (python3 {script} --check)",
  dataProblems: "--data {path} cannot be used:",
};
