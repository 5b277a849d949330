import { Overview } from './pages/Overview';
import { Project } from './pages/Project';
import { Projects } from './pages/Projects';
import { BASE, Link, useLocation } from './router';

function Page({ path }: { path: string }) {
  const rest = path.startsWith(BASE) ? path.slice(BASE.length).replace(/\/+$/, '') : '';
  if (rest === '/de-an') return <Projects />;
  const match = /^\/de-an\/([^/]+)$/.exec(rest);
  if (match?.[1]) return <Project code={decodeURIComponent(match[1])} />;
  if (rest === '') return <Overview />;
  return (
    <section>
      <h1>Không tìm thấy trang</h1>
      <Link to={BASE}>Về trang công khai</Link>
    </section>
  );
}

export function App() {
  const { path } = useLocation();
  return (
    <>
      <header className="topbar">
        <Link to={BASE} className="brand">
          Khuyến công · Công khai
        </Link>
        <nav>
          <Link to={BASE}>Tổng quan</Link>
          <Link to={`${BASE}/de-an`}>Đề án</Link>
        </nav>
      </header>
      <main>
        <Page path={path} />
      </main>
      <footer className="footer">
        Dữ liệu công khai của chương trình khuyến công. Dữ liệu mở được phép tự do sử dụng lại, ghi rõ nguồn.
      </footer>
    </>
  );
}
