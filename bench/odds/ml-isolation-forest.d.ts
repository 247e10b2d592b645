// ml-isolation-forest 0.1.0 ships no type declarations; this is the part of its API the ODDS bench calls.
declare module 'ml-isolation-forest' {
  export class IsolationForest {
    constructor(options?: { nEstimators?: number });
    train(trainingSet: number[][]): void;
    predict(data: number[][]): number[];
  }
}
