/** The PyTorch round trip: a run as the lesson's PyTorch script, and a model trained in PyTorch brought back. */
export const pytorch = {
  exportButton: "Download for PyTorch (.zip)",
  exportPreparing: "Preparing the PyTorch folder…",
  exportHint:
    "A folder with train.py (the lesson's PyTorch code with this run's settings and data), weights.npz (the trained weights) and run.json. Run python3 train.py to train it in PyTorch, or python3 train.py --check to compare PyTorch's predictions with this run's.",
  exportFailed: "Could not prepare the PyTorch folder: {message}",
  importedLabel: "Trained in PyTorch",
  importedNote:
    "Trained in PyTorch and imported: scored on the data settings below. Its optimiser, batch size and epochs were PyTorch's, and are not known here.",
  importedCaption: "PyTorch · MSE {mse}",
  import: {
    title: "Import a model trained in PyTorch",
    intro:
      "Trained the lesson's model in PyTorch? After training, save its weights with these three lines and upload model.npz. It is scored on the data settings of the form, like your browser runs, and saved in History. Imported models never enter races.",
    snippetLabel: "Python, after training",
    file: "Weights file (.npz)",
    reading: "Reading the file…",
    found: "Found a {layers}-layer {cell} with {hidden} hidden units.",
    nonlinearity: "Activation function of the RNN (the weights do not tell)",
    submit: "Score and save",
    scoring: "Scoring…",
    resultTitle: "Model trained in PyTorch",
    resultIntro: "Its prediction from the first window, fed back step by step, on the form's data.",
    validation: "Validation MSE: {loss}",
    training: "Training MSE: {loss}",
    saving: "Saving in History…",
    saved: "Saved in History.",
    open: "Open the run",
    compare: "Compare with your last browser run",
    saveFailed: "Scored, but not saved: {message}",
    fixSettings: "Fix the settings in the form first.",
    problems: {
      too_large: "The file is too large ({bytes} bytes; at most {maxBytes}).",
      not_zip: "This is not an .npz file. Save the weights with np.savez as shown above.",
      not_npy: "{name} in the file is not a readable NumPy array.",
      not_float: "{name} holds {dtype} values, not floating-point numbers.",
      non_finite: "{name} holds a value that is not a finite number ({value}) at position {index}.",
      missing_arrays:
        "Arrays missing from the file: {names}. The model must be the lesson's: self.rnn = nn.RNN, nn.LSTM or nn.GRU, and self.output = nn.Linear(hidden, 1).",
      extra_arrays: "Arrays the lesson's model does not have: {names}.",
      wrong_shape: "{name} has shape {shape}; the lesson's model needs {expected}.",
      out_of_limits: {
        layers: "The model has {value} layers; at most {max} can be imported.",
        hidden: "The model has {value} hidden units; at most {max} can be imported.",
      },
    },
  },
};
