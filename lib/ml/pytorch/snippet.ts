/**
 * Three lines after training the tutorial's `model`: its state_dict as the `.npz` the Playground imports. Shown
 * in the app and the README, and run verbatim by the round-trip test. Free of the engine, so pages show it cheaply.
 */
export const IMPORT_SNIPPET = `import numpy as np
state = {name: value.numpy() for name, value in model.state_dict().items()}
np.savez("model.npz", **state)`;
