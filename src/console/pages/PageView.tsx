import { pagesFor, type PageId } from '../roles';
import type { Route } from '../route';
import { useSession } from '../session';
import { AuditPage } from './AuditPage';
import { CallsPage } from './CallsPage';
import { CardsPage } from './CardsPage';
import { KeysPage } from './KeysPage';
import { OverviewPage } from './OverviewPage';
import { TerminalsPage } from './TerminalsPage';
import { UsagePage } from './UsagePage';
import { VenuesPage } from './VenuesPage';

/** The page the route names, or the Overview when the role may not use it (the server would say 403). */
export function PageView({ route }: { route: Route }) {
  const { user } = useSession();
  const page: PageId = pagesFor(user.role).includes(route.page) ? route.page : 'overview';
  switch (page) {
    case 'overview':
      return <OverviewPage />;
    case 'terminals':
      return <TerminalsPage params={route.params} />;
    case 'venues':
      return <VenuesPage sub={route.sub} />;
    case 'cards':
      return <CardsPage />;
    case 'calls':
      return <CallsPage params={route.params} />;
    case 'keys':
      return <KeysPage />;
    case 'usage':
      return <UsagePage params={route.params} />;
    case 'audit':
      return <AuditPage />;
  }
}
