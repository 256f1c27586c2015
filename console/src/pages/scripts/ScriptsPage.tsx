export default function ScriptsPage() {
  return <div>ScriptsPage</div>;
}
