import { BreakpointObserver } from '@angular/cdk/layout';
import { ChangeDetectionStrategy, Component, computed, inject, viewChild } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { MatButton, MatIconButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { MatListItem, MatListItemIcon, MatListItemTitle, MatNavList } from '@angular/material/list';
import { MatSidenav, MatSidenavContainer, MatSidenavContent } from '@angular/material/sidenav';
import { MatToolbar } from '@angular/material/toolbar';
import { MatTooltip } from '@angular/material/tooltip';
import { map } from 'rxjs';
import { AuthService, SocketService } from '@pulseboard/console/data-access';
import { LiveIndicatorComponent } from '@pulseboard/console/ui';
import { NAV_ITEMS } from '../nav-items';

/** Below this width the navigation slides over the content instead of sitting beside it. */
const COMPACT_QUERY = '(max-width: 959.98px)';

/** Toolbar, side navigation and the outlet for the signed-in pages. */
@Component({
  selector: 'pb-shell-layout',
  imports: [
    RouterOutlet,
    RouterLink,
    RouterLinkActive,
    MatToolbar,
    MatButton,
    MatIconButton,
    MatIcon,
    MatTooltip,
    MatSidenavContainer,
    MatSidenav,
    MatSidenavContent,
    MatNavList,
    MatListItem,
    MatListItemIcon,
    MatListItemTitle,
    LiveIndicatorComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './shell-layout.component.html',
  styleUrl: './shell-layout.component.scss',
})
export class ShellLayoutComponent {
  private readonly auth = inject(AuthService);
  private readonly sidenav = viewChild.required(MatSidenav);

  readonly status = inject(SocketService).status;
  readonly user = this.auth.user;
  /** The entries the user's role may open. */
  readonly navItems = computed(() => NAV_ITEMS.filter((item) => !item.role || this.auth.hasRole(item.role)));
  readonly compact = toSignal(
    inject(BreakpointObserver)
      .observe(COMPACT_QUERY)
      .pipe(map((state) => state.matches)),
    { initialValue: false },
  );
  readonly sidenavMode = computed(() => (this.compact() ? 'over' : 'side'));

  closeNavIfCompact(): void {
    if (this.compact()) void this.sidenav().close();
  }

  toggleNav(): void {
    void this.sidenav().toggle();
  }

  logout(): void {
    this.auth.logout();
  }
}
