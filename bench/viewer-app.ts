export interface AppFigures {
  firstImageMs: number;
  scrollMedianMs: number;
  scrollP95Ms: number;
  brushMedianMs: number;
  brushP95Ms: number;
}

/** The workstation-level figures; a string says why they could not be measured. */
export async function benchApp(_frames: number): Promise<AppFigures | string> {
  return 'the loopback bridge (dist/dev-web.js) is not built yet';
}
