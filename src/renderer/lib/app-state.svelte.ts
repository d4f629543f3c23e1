/** Screens of the workstation, in the order of the navigation bar (Alt+1..5). */
export const SCREENS = ['cases', 'viewer', 'training', 'evaluation', 'settings'] as const;
export type Screen = (typeof SCREENS)[number];

export const SCREEN_TITLES: Record<Screen, string> = {
  cases: 'Cases',
  viewer: 'Viewer',
  training: 'Training',
  evaluation: 'Evaluation',
  settings: 'Settings',
};

/** What the viewer should open: a case, optionally with given mask versions shown. */
export interface OpenRequest {
  readonly seriesId: number;
  /** Mask version to edit (default: the case's newest mask head). */
  readonly maskVersionId?: number;
  /** A second mask shown read-only in another colour (e.g. ground truth beside a prediction). */
  readonly compareVersionId?: number;
  readonly compareLabel?: string;
}

export interface Notice {
  readonly id: number;
  readonly kind: 'error' | 'info';
  readonly text: string;
}

interface ConfirmRequest {
  readonly message: string;
  readonly okLabel: string;
  readonly resolve: (yes: boolean) => void;
}

class AppState {
  screen = $state<Screen>('cases');
  open = $state<OpenRequest | undefined>(undefined);
  notices = $state<Notice[]>([]);
  confirmRequest = $state<ConfirmRequest | undefined>(undefined);
  author = $state(localStorage.getItem('lungts-author') ?? 'reader');
  /** Set by the viewer while it holds unsaved work; asked before anything replaces it. */
  unsavedWork: (() => string | undefined) | undefined;
  private nextId = 1;

  setAuthor(name: string): void {
    this.author = name.trim() || 'reader';
    localStorage.setItem('lungts-author', this.author);
  }

  notify(kind: Notice['kind'], text: string): void {
    const n = { id: this.nextId++, kind, text };
    this.notices = [...this.notices, n].slice(-5);
    if (kind === 'info') setTimeout(() => this.dismiss(n.id), 6000);
  }

  dismiss(id: number): void {
    this.notices = this.notices.filter((n) => n.id !== id);
  }

  /** A modal question; resolves false on cancel or Escape. */
  confirm(message: string, okLabel = 'Continue'): Promise<boolean> {
    return new Promise((resolve) => {
      this.confirmRequest = { message, okLabel, resolve: (yes) => { this.confirmRequest = undefined; resolve(yes); } };
    });
  }

  /** Opens a case in the viewer, asking first if that would drop unsaved edits. */
  async openCase(req: OpenRequest): Promise<void> {
    const unsaved = this.unsavedWork?.();
    if (unsaved && !(await this.confirm(`${unsaved} Open another case and discard them?`, 'Discard and open'))) return;
    this.open = req;
    this.screen = 'viewer';
  }
}

export const app = new AppState();
