import { format } from './fmt';

export function App(props: { n: number }) {
  return <div>{format(props.n)}</div>;
}
