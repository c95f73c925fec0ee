/**
 * The glossary page: each word of the product with a one-line meaning. The Japanese catalogue holds the same terms
 * in Japanese; where each one comes from in the lesson is in lib/i18n/glossary-lesson.ts.
 */
export const glossary = {
  title: "Glossary",
  navLabel: "Glossary",
  intro:
    "The words Loss Race uses, in English and in Japanese, with where each one appears in the lesson it grew from (a Japanese tutorial that trains PyTorch's nn.RNN on a noisy cosine). The lesson is quoted as written.",
  lessonTitle: "The lesson: “【ディープラーニングの基本】RNN,LSTMの特徴を簡単に説明|Pytorchでサンプル実装”",
  columns: { meaning: "Meaning", lesson: "In the lesson" },
  section: "Section “{heading}”",
  notInLesson: "Not in the lesson: Loss Race adds it.",
  terms: {
    timeSeries: { term: "time series", explanation: "Values in order, one after another (a cosine, sales per day): what the models learn to continue." },
    prediction: { term: "prediction", explanation: "The value the model gives for the next step of the series." },
    hiddenLayer: { term: "hidden layer", explanation: "The layers between the input and the output, whose weights training adjusts." },
    rnn: { term: "RNN (recurrent neural network)", explanation: "A network that reads a series step by step and passes what it saw to the next step." },
    lstm: { term: "LSTM", explanation: "An RNN with a memory cell that keeps longer-range information; slower, often more accurate." },
    gru: { term: "GRU", explanation: "A lighter relative of the LSTM with two gates instead of three; PyTorch's nn.GRU." },
    inputData: { term: "input data", explanation: "The windows of past values the model is given." },
    correctData: { term: "correct data (target)", explanation: "The true next value after each window: what the prediction is compared with." },
    window: { term: "window", explanation: "How many past values the model sees to predict the next one (30 in the lesson)." },
    noise: { term: "noise", explanation: "Random jitter added to the series (σ 0.3 in the lesson), so it is not perfectly smooth." },
    batchSize: { term: "batch size", explanation: "How many windows are used for one update of the weights (8 in the lesson)." },
    hiddenSize: { term: "hidden size", explanation: "The number of neurons in each hidden layer (64 in the lesson)." },
    layers: { term: "layers", explanation: "How many recurrent layers are stacked (PyTorch's num_layers)." },
    activation: { term: "activation function", explanation: "The function an RNN applies inside each step: tanh (the default) or ReLU." },
    loss: { term: "loss (MSE)", explanation: "The mean squared error between predictions and correct data: lower is better." },
    optimizer: { term: "optimiser", explanation: "The rule that changes the weights from the loss's gradient: SGD, SGD with momentum or Adam." },
    learningRate: { term: "learning rate", explanation: "How big each update step is (0.01 in the lesson); too big and the loss stops being a number." },
    training: { term: "training", explanation: "Repeating prediction, loss and update so the model's predictions get closer to the correct data." },
    epoch: { term: "epoch", explanation: "One pass over all the training windows (the lesson trains for 1000)." },
    correctVsPredicted: { term: "Correct vs Predicted", explanation: "The lesson's picture: the true series and the model's predictions drawn together." },
    rollout: { term: "rollout", explanation: "Predicting the series from the first window on, feeding each prediction back in as input." },
    validation: { term: "validation loss", explanation: "The loss on the latest windows, kept out of training to see how well the model generalises." },
    verifiedScore: { term: "verified score", explanation: "The error the server measures itself on uploaded weights; only it ranks a race." },
  },
};
