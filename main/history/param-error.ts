/** A bad argument of a history query, naming the parameter (`from`, `to`, `step`, `--db`...). */
export class ParamError extends RangeError {
  constructor(
    readonly param: string,
    problem: string,
  ) {
    super(`${param}: ${problem}`);
  }
}
