export default function LinesTab() {
  return <div>LinesTab</div>;
}
