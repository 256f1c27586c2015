export default function PushTab() {
  return <div>PushTab</div>;
}
